"""A file Cargo must read is not valid UTF-8 TOML.

## What it does
Reports a `Cargo.toml`, `.cargo/config.toml` or toolchain file that cannot be read as TOML:
a syntax error, a duplicate key, text that is not UTF-8, nesting too deep to parse, or a file
that cannot be opened. The position is where the parser stopped.

## Why is this bad?
Cargo (or rustup, for a toolchain file) refuses to run at all while one of these files does
not parse, so nothing else about the project's build settings can take effect.

## Example
```toml
[profile.dev]
debug = "line-tables-only
```

## Use instead
```toml
[profile.dev]
debug = "line-tables-only"
```

## Trade-offs
None: the file is broken for Cargo too. buildlint checks the rest of the project as far as it
can without the broken file.

## References
- [TOML v1.0.0](https://toml.io/en/v1.0.0)
- [The Cargo book: The Manifest Format](https://doc.rust-lang.org/cargo/reference/manifest.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for problem in project.load_problems:
        yield Violation(
            at=At(problem.path, span=problem.span),
            message=problem.message,
            help=f"{'rustup' if 'toolchain' in problem.path.name else 'Cargo'} cannot read "
            "this file until it is fixed",
        )


RULE = Rule(
    code="BL001",
    name="invalid-toml",
    summary="a file Cargo must read is not valid UTF-8 TOML",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/manifest.html",
)
