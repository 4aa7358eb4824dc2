"""buildlint's rules, one module each; `cargo_buildlint.registry` finds them."""
