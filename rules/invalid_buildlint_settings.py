"""A mistake in buildlint's own settings table.

## What it does
Validates `[workspace.metadata.buildlint]` (or `[package.metadata.buildlint]`): known keys
only (`select`, `extend-select`, `ignore`, `severity`, `options`), the right types, selectors
that name rules, severities `"error"`, `"warning"` or `"info"`, and rule options that exist.
Each mistake is reported on its key; the rest of the settings still apply.

## Why is this bad?
A misspelt `ignore` or an unknown rule code would otherwise be silently dropped, and buildlint
would check what the team meant to turn off, or skip what it meant to check.

## Example
```toml
[workspace.metadata.buildlint]
ignor = ["BL204"]
severity = { BL101 = "fatal" }
```

## Use instead
```toml
[workspace.metadata.buildlint]
ignore = ["BL204"]
severity = { BL101 = "error" }
```

## Trade-offs
None.

## References
- [The Cargo book: The metadata table](https://doc.rust-lang.org/cargo/reference/manifest.html#the-metadata-table)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for problem in project.settings_problems:
        yield Violation(
            at=At(
                project.manifest.path,
                (*project.settings_table, *problem.key),
                "key" if problem.part == "key" else "value",
            ),
            message=problem.message,
            help=problem.help,
        )


RULE = Rule(
    code="BL009",
    name="invalid-buildlint-settings",
    summary="a mistake in `[workspace.metadata.buildlint]`, buildlint's own settings",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/manifest.html#the-metadata-table",
)
