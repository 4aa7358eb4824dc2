"""A `[lints]` value Cargo refuses, or a Cargo lint it does not know.

## What it does
Checks every lint in `[lints.<tool>]` and `[workspace.lints.<tool>]` (`rust`, `clippy`,
`rustdoc`, and `cargo`, whose lints are stable since Cargo 1.100) of the root manifest and the
members: a level must be `"forbid"`, `"deny"`, `"warn"` or `"allow"`, or a table with such a
`level` and an optional `priority` from -128 to 127. It also names the `[lints.cargo]` entries
that are no Cargo lint, which Cargo reports as `unknown_lints` and otherwise ignores.

## Why is this bad?
Cargo refuses the whole manifest for a bad level (every version since 1.74 checks every
tool's table, `cargo` included), so no command works; a misspelt Cargo lint name silently
leaves the lint at its default level.

## Example
```toml
[lints.cargo]
unused_dependencies = "warning"
```

## Use instead
```toml
[lints.cargo]
unused_dependencies = "warn"
```

## Trade-offs
None.

## References
- [The Cargo book: The `[lints]` section](https://doc.rust-lang.org/cargo/reference/manifest.html#the-lints-section)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.lints import lint_problems, lint_tables
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for document in (project.manifest, *project.members):
        for at in lint_tables(document.data):
            table = document.get(at)
            assert isinstance(table, dict)
            for problem in lint_problems(table, at):
                yield Violation(
                    at=At(document.path, problem.key, "key" if problem.unknown else "value"),
                    message=problem.message,
                    help=problem.help,
                    severity=Severity.WARNING if problem.unknown else None,
                )


RULE = Rule(
    code="BL021",
    name="invalid-lint-level",
    summary="a `[lints]` level Cargo refuses, or a Cargo lint it does not know",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/manifest.html#the-lints-section",
)
