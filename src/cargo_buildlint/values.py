"""Facts about profile values that need no validation machinery (kept free of pydantic so that
runs which validate nothing start fast)."""

from __future__ import annotations

# Every key of Cargo's `TomlProfile` (reference 2.1); tests tie it to `model.TomlProfile`.
PROFILE_KEYS = (
    "opt-level",
    "lto",
    "codegen-backend",
    "codegen-units",
    "debug",
    "split-debuginfo",
    "debug-assertions",
    "rpath",
    "panic",
    "overflow-checks",
    "incremental",
    "dir-name",
    "inherits",
    "strip",
    "rustflags",
    "trim-paths",
    "hint-mostly-unused",
    "package",
    "build-override",
)
OVERRIDE_TABLES = ("package", "build-override")
FORBIDDEN_IN_OVERRIDES = ("panic", "lto", "rpath")
BUILTIN_PROFILES = ("dev", "release", "test", "bench")
DEBUG_LEVELS = ("none", "line-directives-only", "line-tables-only", "limited", "full")


def toml_repr(value: object) -> str:
    """How the value is written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_repr(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_repr(v)}" for k, v in value.items()) + " }"
    return str(value)


def toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def debug_level(value: object) -> str:
    """Normalise a `debug` value to its named level (reference 2.2)."""
    if value is True or value == 2:
        return "full"
    if value is False or value == 0:
        return "none"
    if value == 1:
        return "limited"
    return str(value)


def strip_level(value: object) -> object:
    """Normalise a `strip` value: `false` is `"none"`, `true` is `"symbols"` (reference 2.2)."""
    return {True: "symbols", False: "none"}.get(value, value) if isinstance(value, bool) else value


def is_lto_off(value: object) -> bool:
    """`lto = false` is rustc's thin-local LTO, not off; only `"off"` and its aliases disable it."""
    return value in ("off", "n", "no", "none")


def _key_part(part: object) -> str:
    text = str(part)
    if text and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in text):
        return text
    if '"' in text and "'" not in text:
        return f"'{text}'"  # as people write cfg keys: [target.'cfg(unix)']
    return toml_repr(text)


def dotted(key: tuple[object, ...]) -> str:
    """A key path as TOML writes it: `profile.dev.package."*".debug`."""
    return ".".join(_key_part(part) for part in key)


def header(key: tuple[object, ...]) -> str:
    """A table's header: `[profile.dev.package."*"]`."""
    return f"[{dotted(key)}]"


# rustc options whose value may stand in the next argument: `-C opt-level=1`, `--cfg x`
OPTIONS_WITH_VALUE = frozenset(
    ("-C", "-Z", "-L", "-l", "-A", "-W", "-D", "-F", "--cfg", "--check-cfg", "--cap-lints")
)
