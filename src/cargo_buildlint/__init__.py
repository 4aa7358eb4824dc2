"""cargo-buildlint: lint a Rust project's Cargo build settings."""

__version__ = "0.1.0"
