"""A value in `.cargo/config.toml` that Cargo refuses.

## What it does
Checks the `[build]`, `[resolver]` and `[target.*]` tables of every config file buildlint
reads, as strictly as Cargo reads them: `build.incremental` must be a boolean,
`build.rustflags`, `target.*.rustflags` and `runner` a string or an array of strings,
`linker` a string, `build.target` a triple or an array of them, `build.jobs` a number other
than 0 or `"default"`, `resolver.feature-unification` one of `"package"`, `"selected"` or
`"workspace"`, and each of these tables a table. In `[target.<triple>]`, any other key names a
`links` override and must be a table.

## Why is this bad?
Cargo refuses to build at all ("`build.incremental` expected true/false, but found a string",
"invalid configuration for key `build.rustflags`"); the `build` and `resolver` tables are
checked by every command, `cargo metadata` included.

## Example
```toml
[build]
incremental = "false"
rustflags = "-C target-cpu=native"  # a string is fine: Cargo splits it at spaces
```

## Use instead
```toml
[build]
incremental = false
rustflags = ["-C", "target-cpu=native"]
```

## Trade-offs
None: Cargo refuses these values.

## References
- [The Cargo book: Configuration](https://doc.rust-lang.org/cargo/reference/config.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.profile_data import ProblemKind
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted, header, toml_repr, toml_type


def check(project: Project) -> Iterator[Violation]:
    for found in project.include_problems:
        yield Violation(at=At(Path(found.file), found.key), message=found.message, help=found.help)
    for placed in project.config_problems:
        problem, key = placed.problem, placed.key
        at = At(placed.document.path, key)
        if problem.kind is ProblemKind.NOT_A_TABLE:
            yield Violation(
                at=at,
                message=f"`{dotted(key)}` must be a table, found {toml_type(problem.value)}",
                help=f"write its settings under a `{header(key)}` header",
            )
            continue
        yield Violation(
            at=at,
            message=f"invalid value `{toml_repr(problem.value)}` for `{dotted(key)}`: "
            f"expected {problem.expected}",
            help=f"write `{key[-1]} = {toml_repr(problem.suggestion)}`"
            if problem.suggestion is not None
            else None,
        )


RULE = Rule(
    code="BL019",
    name="invalid-config-value",
    summary="a value in a Cargo config file that Cargo refuses",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html",
)
