"""How values and keys are written in TOML, for messages and fixes."""

from __future__ import annotations


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
