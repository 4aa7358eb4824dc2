"""Cargo's `[alias]` table: commands of a project's own, as Cargo expands them.

Checked with cargo 1.95: an alias names a command line (a string split at whitespace, or a
list of strings); an alias may name another, and Cargo follows the chain; an alias that
names a built-in command is ignored with a warning (the built-in runs); one that names a
third-party subcommand (`clippy`, `nextest`) wins over it; a loop is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# `cargo --list` of cargo 1.95 less the third-party subcommands, with the built-in aliases.
BUILTIN_COMMANDS = frozenset(
    {
        "add", "b", "bench", "build", "c", "check", "clean", "config", "d", "doc", "fetch",
        "fix", "generate-lockfile", "git-checkout", "help", "info", "init", "install",
        "locate-project", "login", "logout", "metadata", "new", "owner", "package", "pkgid",
        "publish", "r", "read-manifest", "remove", "report", "rm", "run", "rustc", "rustdoc",
        "search", "t", "test", "tree", "uninstall", "update", "vendor", "verify-project",
        "version", "yank",
    }
)  # fmt: skip

Aliases = Mapping[str, tuple[str, ...]]


def alias_table(configs: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """The aliases of config files' data, highest priority first: the first to name one wins.
    Values Cargo would refuse (neither a string nor a list of strings) are left out."""
    found: dict[str, tuple[str, ...]] = {}
    for config in configs:
        table = config.get("alias")
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if isinstance(value, str):
                words = tuple(value.split())
            elif isinstance(value, list) and all(isinstance(word, str) for word in value):
                words = tuple(value)
            else:
                continue
            found.setdefault(name, words)
    return found


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
