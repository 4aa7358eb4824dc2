"""Cargo's `[alias]` table: commands of a project's own, as Cargo expands them.

Checked with cargo 1.95: an alias names a command line (a string split at whitespace, or a
list of strings); a list defined in several config files is joined, the lower priority file's
items first, where a string from the highest priority file wins (a string and a list for one
name make the whole configuration fail); an alias may name another, and Cargo follows the
chain; an alias that names a built-in command is ignored with a warning (the built-in runs),
but one may redefine the built-in short names (`b`, `c`, `d`, `r`, `t`, `rm`) or a third-party
subcommand (`clippy`, `nextest`); a loop is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# `cargo --list` of cargo 1.95 less the third-party subcommands and the short names (`b` for
# `build`, ...), which an alias may redefine.
BUILTIN_COMMANDS = frozenset(
    {
        "add", "bench", "build", "check", "clean", "config", "doc", "fetch", "fix",
        "generate-lockfile", "git-checkout", "help", "info", "init", "install", "locate-project",
        "login", "logout", "metadata", "new", "owner", "package", "pkgid", "publish",
        "read-manifest", "remove", "report", "run", "rustc", "rustdoc", "search", "test", "tree",
        "uninstall", "update", "vendor", "verify-project", "version", "yank",
    }
)  # fmt: skip

Aliases = Mapping[str, tuple[str, ...]]


def alias_table(configs: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """The aliases of config files' data, highest priority first: lists join (the lower
    priority items first), otherwise the highest priority file wins. Values Cargo would refuse
    (neither a string nor a list of strings) are left out."""
    found: dict[str, list[str | tuple[str, ...]]] = {}
    for config in configs:
        table = config.get("alias")
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if isinstance(value, str):
                found.setdefault(name, []).append(value)
            elif isinstance(value, list) and all(isinstance(word, str) for word in value):
                found.setdefault(name, []).append(tuple(value))
    aliases: dict[str, tuple[str, ...]] = {}
    for name, values in found.items():
        if all(isinstance(value, tuple) for value in values):
            aliases[name] = tuple(word for value in reversed(values) for word in value)
        else:
            first = values[0]
            aliases[name] = tuple(first.split()) if isinstance(first, str) else first
    return aliases


def expand_alias(subcommand: str, aliases: Aliases) -> tuple[str, ...] | None:
    """The words `subcommand` stands for when it is an alias Cargo runs, the chain followed;
    None when it is a built-in command, no alias, or part of a loop (Cargo refuses those)."""
    words: tuple[str, ...] = (subcommand,)
    seen: set[str] = set()
    while words and words[0] not in BUILTIN_COMMANDS and words[0] in aliases:
        if words[0] in seen:
            return None
        seen.add(words[0])
        words = aliases[words[0]] + words[1:]
    return words if seen else None
