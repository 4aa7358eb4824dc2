"""Few codegen units in the dev loop.

## What it does
Reports `codegen-units` below 16 (a rule option, `threshold`) for workspace crates in
`[profile.dev]` or `[profile.test]`, and `-C codegen-units` below it in the `rustflags` of
`[build]` or a `[target]` table, which every profile's builds get. Cargo's dev default is 256.

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
from cargo_buildlint.diagnostic import Applicability, At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule, RuleOptions
from cargo_buildlint.toml_text import dotted


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
    yield from _in_rustflags(project, threshold)


def _in_rustflags(project: Project, threshold: int) -> Iterator[Violation]:
    """`-C codegen-units=N` in config rustflags: rustflags come after the profile's options on
    rustc's command line, so they win in every profile (firecracker's `build.rustflags`)."""
    from cargo_buildlint.cargo.targets import codegen_option, every_rustflags, flags_of

    values = [found for found in every_rustflags(project.configs) if found.key[0] != "profile"]
    # `build.rustflags` apply to the targets no `[target]` table gives rustflags: with such a
    # table, the host may well be one of them (a profile's own rustflags, nightly, are that
    # profile's choice)
    targets = any(found.key[0] == "target" for found in values)
    for found in values:
        if found.key[0] == "build" and targets:
            continue
        units = codegen_option(flags_of(found.value), "codegen-units")
        if units is None or not units.isdigit() or int(units) >= threshold:
            continue
        items = found.value if isinstance(found.value, list) else []
        index = next((i for i, item in enumerate(items) if "codegen-units" in str(item)), None)
        yield Violation(
            at=At(found.document.path, found.key if index is None else (*found.key, index)),
            message=f"`-C codegen-units={units}` in `{dotted(found.key)}` serializes code "
            "generation in every build, the dev loop's included",
            help=f"move it to `[profile.release]` as `codegen-units = {units}`: rustflags "
            "apply to every profile",
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
