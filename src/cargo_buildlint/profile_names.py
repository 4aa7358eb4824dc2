"""Cargo's profile name rules (reference 2.4), shared by the rules that must agree on them."""

from __future__ import annotations

from .toolchain import Version, cargo_at_least

RESERVED = frozenset(
    [
        "build",
        "check",
        "clean",
        "config",
        "fetch",
        "fix",
        "install",
        "metadata",
        "package",
        "publish",
        "report",
        "root",
        "run",
        "rust",
        "rustc",
        "rustdoc",
        "target",
        "tmp",
        "uninstall",
    ]
)
DEBUG_PROFILE_SINCE: Version = (1, 99)


def name_problem(name: str, oldest_cargo: Version | None) -> tuple[str, str] | None:
    """(message, help) when Cargo refuses `name` as a profile name, else None."""
    bad = next((ch for ch in name if not (ch.isalnum() or ch in "_-")), None)
    if not name:
        return "profile name is empty", "give the profile a name of letters, numbers, `_` and `-`"
    if bad is not None:
        return (
            f"invalid character `{bad}` in profile name `{name}`",
            "use only letters, numbers, underscore and hyphen",
        )
    lowered = name.lower()
    if lowered == "build-override":
        return (
            f"profile name `{name}` is reserved",
            "configure build scripts and proc-macros in `[profile.dev.build-override]` "
            "and `[profile.release.build-override]`",
        )
    if lowered in RESERVED or lowered.startswith("cargo"):
        return f"profile name `{name}` is reserved", "choose a different name"
    if lowered == "debug" and not cargo_at_least(oldest_cargo, DEBUG_PROFILE_SINCE):
        return (
            f"profile name `{name}` is reserved before Cargo 1.99",
            "configure the default development profile in `[profile.dev]`, or name a separate "
            'debugger profile `[profile.debugging]` with `inherits = "dev"`',
        )
    return None
