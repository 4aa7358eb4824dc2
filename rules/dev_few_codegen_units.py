"""Few codegen units in the dev loop.

## What it does
Reports `codegen-units` below 16 (a rule option, `threshold`) for workspace crates in
`[profile.dev]` or `[profile.test]`. Cargo's dev default is 256.

## Why is this bad?
Codegen units are how rustc spreads code generation over cores; `codegen-units = 1` makes
every crate's code generation single-threaded and defeats incremental compilation's reuse.

## Example
```toml
[profile.dev]
codegen-units = 1
```

## Use instead
```toml
[profile.release]
codegen-units = 1
```

## Trade-offs
Fewer units optimize better; that matters in `release`, rarely in a debug build.

## Fix safety
Unsafe: more codegen units change the generated code.

## References
- [The Cargo book: Profiles, codegen-units](https://doc.rust-lang.org/cargo/reference/profiles.html#codegen-units)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cargo_buildlint.devloop import dev_loop_findings
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule, RuleOptions


@dataclass(frozen=True)
class Options(RuleOptions):
    """BL202's settings."""

    threshold: int = 16  # `codegen-units` below this is reported


def check(project: Project) -> Iterator[Violation]:
    threshold = project.options_for("BL202", Options).threshold
    yield from dev_loop_findings(
        project,
        "codegen-units",
        lambda value: isinstance(value, int) and value < threshold,
        "`codegen-units = {value}` serializes code generation in `[profile.{profile}]`",
        "remove `codegen-units` from `[profile.{profile}]`: the dev default of 256 uses every core",
    )


RULE = Rule(
    code="BL202",
    name="dev-few-codegen-units",
    summary="`codegen-units` below 16 in the dev loop",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#codegen-units",
    options=Options,
    fixes=frozenset({Applicability.UNSAFE}),
)
