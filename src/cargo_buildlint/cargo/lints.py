"""Cargo's `[lints]` tables (reference: manifest.md "The `[lints]` section"; checked with cargo
1.95, which validates every tool's table, `cargo` included, although it uses that one only from
1.100): each lint is a level string or a table with `level` and an optional `priority`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..diagnostic import KeyPath
from ..spelling import closest
from ..toml_text import dotted, toml_type

LEVELS = ("forbid", "deny", "warn", "allow")
EXPECTED_LEVEL = "one of `forbid`, `deny`, `warn`, `allow`"
# The lints Cargo 1.100 knows (cargo#17298, #17461), each with its default level.
CARGO_LINTS = {
    "unused_dependencies": "warn",
    "blanket_hint_mostly_unused": "warn",
    "non_kebab_case_bins": "allow",
    "manual_readme": "allow",
    "unknown_lints": "warn",
    "im_a_teapot": "allow",
}
LINTS_SINCE_RUST_VERSION = (1, 79)  # default-on Cargo lints are off below this rust-version


class LintProblem(NamedTuple):  # a NamedTuple: it is defined at every start, and cheaper
    key: KeyPath  # from the document's root
    message: str
    help: str
    unknown: bool = False  # an unknown lint name: Cargo warns, it does not refuse


def lint_tables(data: dict[str, object]) -> Iterator[KeyPath]:
    """Where a manifest writes `[lints]`: the package's and the workspace's."""
    if isinstance(data.get("lints"), dict):
        yield ("lints",)
    workspace = data.get("workspace")
    if isinstance(workspace, dict) and isinstance(workspace.get("lints"), dict):
        yield ("workspace", "lints")


def lint_problems(table: dict[str, object], at: KeyPath) -> Iterator[LintProblem]:
    """What Cargo refuses (or warns about) in one `[lints]` table at `at`."""
    for tool, lints in table.items():
        if tool == "workspace":
            continue  # `workspace = true`: BL020 checks the inheritance
        if not isinstance(lints, dict):
            yield LintProblem(
                (*at, tool),
                f"invalid type: {toml_type(lints)} for `{tool}` in `[{dotted(at)}]`, "
                "expected a table",
                f"write the lints under `[{dotted((*at, tool))}]`",
            )
            continue
        for name, value in lints.items():
            yield from _lint_value((*at, tool, name), value)
            if tool == "cargo" and name not in CARGO_LINTS:
                close = closest(name, CARGO_LINTS)
                yield LintProblem(
                    (*at, tool, name),
                    f"unknown Cargo lint `{name}`",
                    f"did you mean `{close}`?"
                    if close
                    else "Cargo's lints are "
                    + ", ".join(f"`{lint}`" for lint in CARGO_LINTS if lint != "im_a_teapot"),
                    unknown=True,
                )


def _lint_value(key: KeyPath, value: object) -> Iterator[LintProblem]:
    where = f"`{key[-1]}` in `[{dotted(key[:-1])}]`"
    if isinstance(value, str):
        if value not in LEVELS:
            yield LintProblem(
                key,
                f'invalid level `"{value}"` for {where}: expected {EXPECTED_LEVEL}',
                f'write `{key[-1]} = "{value.lower() if value.lower() in LEVELS else "warn"}"`',
            )
        return
    if not isinstance(value, dict):
        yield LintProblem(
            key,
            f"invalid type: {toml_type(value)} for {where}, expected a level string or a table",
            f'write `{key[-1]} = "warn"` or `{key[-1]} = {{ level = "warn", priority = -1 }}`',
        )
        return
    level = value.get("level")
    if level is None:
        yield LintProblem(key, f"missing field `level` for {where}", 'add `level = "warn"`')
    elif not isinstance(level, str) or level not in LEVELS:
        yield LintProblem(
            (*key, "level"),
            f"invalid level for {where}: expected {EXPECTED_LEVEL}",
            'write `level = "warn"`',
        )
    priority = value.get("priority")
    if priority is not None and not (
        isinstance(priority, int) and not isinstance(priority, bool) and -128 <= priority <= 127
    ):
        yield LintProblem(
            (*key, "priority"),
            f"invalid `priority` for {where}: expected an integer from -128 to 127",
            "write `priority = -1` to let more specific lints override it",
        )


def lint_level(table: dict[str, object], tool: str, name: str) -> str | None:
    """The level a `[lints]` table gives one lint, if it names it."""
    lints = table.get(tool)
    value = lints.get(name) if isinstance(lints, dict) else None
    if isinstance(value, dict):
        value = value.get("level")
    return value if isinstance(value, str) else None
