"""Structured suggestions for CI files: the edits a finding asks for, as key paths of the YAML
file, shown in JSON (`applicability: manual`) and never applied, since buildlint does not
rewrite workflows. A value written inside a script has no key to edit, so no suggestion."""

from __future__ import annotations

from ..diagnostic import Applicability, Edit, Fix, KeyPath
from .model import EnvValue, Source


def _env_table(source: Source) -> KeyPath | None:
    """The `env` mapping a variable is written in, if it is written in one."""
    if source.span is not None or len(source.key) < 2 or source.key[-2] != "env":
        return None
    return source.key[:-1]


def replace_variable(title: str, variable: EnvValue, writes: dict[str, str | None]) -> Fix | None:
    """Remove `variable` and set each of `writes` (None: remove) in the same `env` mapping; a
    variable that `writes` sets again is only set."""
    table = _env_table(variable.source)
    if table is None:
        return None
    path = variable.source.document.path
    removed = [] if variable.name in writes else [Edit(path, (*table, variable.name), None)]
    edits = removed + [Edit(path, (*table, name), value) for name, value in writes.items()]
    return Fix(title, tuple(edits), Applicability.MANUAL)


def set_key(title: str, source: Source, key: KeyPath, value: object) -> Fix:
    """Set `key` (below the node `source` names, a step or a job) to `value`."""
    return Fix(
        title,
        (Edit(source.document.path, (*source.key, *key), value),),
        Applicability.MANUAL,
    )
