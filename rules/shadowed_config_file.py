"""Two config or toolchain files in one directory, one of which is silently ignored.

## What it does
Reports `.cargo/config.toml` when `.cargo/config` stands beside it (Cargo reads only the
extension-less file), and `rust-toolchain.toml` when `rust-toolchain` stands beside it (rustup
reads only the extension-less file). A `config` that is a symlink to `config.toml` is fine.

## Why is this bad?
Every setting in the ignored file, often the newer one that people edit, has no effect.

## Example
```text
.cargo/config        # read
.cargo/config.toml   # ignored
```

## Use instead
```text
.cargo/config.toml   # one file with both files' settings
```

## Trade-offs
Cargo 1.38 and older only read `.cargo/config`; keep it as a symlink to `config.toml` if you
must support them.

## References
- [The Cargo book: Configuration, hierarchical structure](https://doc.rust-lang.org/cargo/reference/config.html#hierarchical-structure)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Span, Violation
from cargo_buildlint.paths import display_path
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for shadowed in project.shadowed:
        used = display_path(shadowed.used)
        reader = "Cargo" if shadowed.used.parent.name == ".cargo" else "rustup"
        yield Violation(
            at=At(shadowed.ignored, span=Span(1, 1, 1, 1)),
            message=f"`{shadowed.ignored_display}` is ignored because `{used}` exists",
            help=f"merge the two files into `{shadowed.ignored_display}` and delete `{used}`",
            notes=(f"{reader} reads only the file without the `.toml` extension when both exist",),
        )


RULE = Rule(
    code="BL012",
    name="shadowed-config-file",
    summary="`.cargo/config` beside `.cargo/config.toml` (or `rust-toolchain` beside its `.toml`)",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#hierarchical-structure",
)
