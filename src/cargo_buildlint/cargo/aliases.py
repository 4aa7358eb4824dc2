"""Cargo's `[alias]` table: commands of a project's own, as Cargo expands them.

Checked with cargo 1.95: an alias names a command line (a string split at whitespace, or a
list of strings); a list defined in several config files is joined, the lower priority file's
items first, where a string from the highest priority file wins (a string and a list for one
name make the whole configuration fail); an alias may name another, and Cargo follows the
chain; an alias that names a built-in command is ignored with a warning (the built-in runs),
but one may redefine the built-in short names (`b`, `c`, `d`, `r`, `t`, `rm`) or a third-party
subcommand (`clippy`, `nextest`); a loop is an error.

The environment sits above the files: `CARGO_ALIAS_<NAME>` (the name upper-cased, `-` as `_`,
so `x-b` and `x_b` both read `CARGO_ALIAS_X_B`; a lower-case variable is ignored) defines an
alias, or replaces a file's string; where the files hold lists, its words are appended to them.
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

ENVIRONMENT_PREFIX = "CARGO_ALIAS_"

# What the config files say of one alias, highest priority first: strings, or lists as tuples.
_FileValues = tuple[str | tuple[str, ...], ...]


class Aliases:
    """The `[alias]` tables of config files, highest priority first. Values Cargo would refuse
    (neither a string nor a list of strings) are left out."""

    def __init__(self, configs: Iterable[Mapping[str, Any]] = ()) -> None:
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
        self._files: dict[str, _FileValues] = {name: tuple(v) for name, v in found.items()}

    @property
    def key(self) -> tuple[tuple[str, _FileValues], ...]:
        """What the table holds, hashable: two tables with the same key expand alike."""
        return tuple(sorted(self._files.items()))

    def words(self, name: str, environment: Mapping[str, str | None]) -> tuple[str, ...] | None:
        """What alias `name` stands for (one step of a chain), None when it is none or its
        variable's value cannot be known."""
        values = self._files.get(name, ())
        variable = ENVIRONMENT_PREFIX + name.upper().replace("-", "_")
        if variable in environment:
            value = environment[variable]
            if value is None:
                return None
            if values and all(isinstance(v, tuple) for v in values):
                return (*_joined(values), *value.split())
            return tuple(value.split())
        if not values:
            return None
        if all(isinstance(v, tuple) for v in values):
            return _joined(values)
        first = values[0]
        return tuple(first.split()) if isinstance(first, str) else first


def _joined(values: _FileValues) -> tuple[str, ...]:
    """Lists from several files, the lower priority file's items first."""
    return tuple(word for value in reversed(values) for word in value)


def expand_alias(
    subcommand: str, aliases: Aliases, environment: Mapping[str, str | None] | None = None
) -> tuple[str, ...] | None:
    """The words `subcommand` stands for when it is an alias Cargo runs, the chain followed;
    None when it is a built-in command, no alias, or part of a loop (Cargo refuses those).
    `environment`: the variables of the command's environment (None for an unknown value)."""
    environment = environment or {}
    words: tuple[str, ...] = (subcommand,)
    seen: set[str] = set()
    while words and words[0] not in BUILTIN_COMMANDS:
        expansion = aliases.words(words[0], environment)
        if expansion is None:
            break
        if words[0] in seen:
            return None
        seen.add(words[0])
        words = expansion + words[1:]
    return words if seen else None
