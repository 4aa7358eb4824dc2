"""`hint-mostly-unused` for every crate at once.

## What it does
Reports `hint-mostly-unused = true` at a profile's top level, in its `build-override`, or in
its `package."*"` table: places where it applies to every crate (or every dependency) rather
than to the few huge, mostly unused ones it is meant for.

## Why is this bad?
The hint defers a crate's code generation until a function is used. For a crate whose API is
mostly unused (aws-sdk-*, windows) that halves its build; for a crate the project uses
throughout, the deferred work is done again in every crate that uses it, so builds get
slower. Cargo's own documentation: "Applying it globally is always a misapplication and will
likely slow down the build". Cargo's lint for this, `blanket_hint_mostly_unused`, only runs
behind the same nightly flag, so most projects never see it.

## Example
```toml
[profile.dev.package."*"]
hint-mostly-unused = true
```

## Use instead
```toml
[profile.dev.package.aws-sdk-ec2]
hint-mostly-unused = true
```

## Trade-offs
None found: measure the crates you name (`cargo build --timings`).

## Fix safety
Safe: removing the hint changes only how long builds take.

## References
- [The Cargo book: Profiles, hint-mostly-unused](https://doc.rust-lang.org/nightly/cargo/reference/unstable.html#profile-hint-mostly-unused-option)
- [Inside Rust: call for testing hint-mostly-unused (2025-07-15)](https://blog.rust-lang.org/inside-rust/2025/07/15/call-for-testing-hint-mostly-unused/)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header

KEY = "hint-mostly-unused"


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        for section in table.sections():
            blanket = section.override in (None, "build-override") or section.key[-1] == "*"
            if not blanket or section.raw.get(KEY) is not True:
                continue
            key = (*section.key, KEY)
            scope = (
                "every dependency"
                if section.key[-1] == "*"
                else "every build script and proc-macro"
                if section.override
                else "every crate"
            )
            yield Violation(
                at=At(section.document.path, key),
                message=f"`{KEY}` in `{header(section.key)}` applies to {scope}, which slows "
                "the build",
                help=f"remove it and set `{KEY} = true` in "
                f"`[profile.{table.name}.package.<crate>]` for the few huge crates the project "
                "uses little of",
                fix=Fix(f"Remove the blanket `{KEY}`", (Edit(section.document.path, key, None),)),
            )


RULE = Rule(
    code="BL207",
    name="blanket-hint-mostly-unused",
    summary='`hint-mostly-unused` for a whole profile, its `build-override` or `package."*"`',
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/nightly/cargo/reference/unstable.html#profile-hint-mostly-unused-option",
    fixes=frozenset({Applicability.SAFE}),
)
