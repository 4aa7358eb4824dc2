"""A `CARGO_*` variable in CI that Cargo refuses or ignores.

## What it does
Checks the Cargo variables a CI job sets: `CARGO_PROFILE_<NAME>_<KEY>` values against the same
models as profile tables, profile keys Cargo does not know (`CARGO_PROFILE_DEV_DEBUGG`),
names Cargo never reads (`RUST_FLAGS`), and `CARGO_INCREMENTAL` values other than `0` and
`1`
(`false` is off too, as meant).

## Why is this bad?
A refused value fails every cargo command of the job. The others do nothing at all, without
a word: a misspelt key leaves the setting as it was, and `CARGO_INCREMENTAL: true` turns
incremental compilation off, because Cargo turns it on only for the exact value `1`.

## Example
```yaml
env:
  CARGO_PROFILE_DEV_DEBUGG: 0
  CARGO_INCREMENTAL: true
```

## Use instead
```yaml
env:
  CARGO_PROFILE_DEV_DEBUG: 0
  CARGO_INCREMENTAL: 1
```

## Trade-offs
None. buildlint does not rewrite workflow files.

## Fix safety
Manual: buildlint does not rewrite workflow files. The JSON output carries the renamed or
corrected variable as a `manual` fix.

## References
- [The Cargo book: Environment variables](https://doc.rust-lang.org/cargo/reference/environment-variables.html)
- [The Cargo book: Configuration, environment variables](https://doc.rust-lang.org/cargo/reference/config.html#environment-variables)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import OVERRIDE_TABLES, PROFILE_KEYS
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.spelling import closest

TRUTHY = frozenset({"true", "yes", "on", "2", "enabled"})  # values meant as "on", read as off
ENV_KEYS = [key.upper().replace("-", "_") for key in PROFILE_KEYS if key not in OVERRIDE_TABLES]


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.cargo.environment import IGNORED_NAMES, profile_variable
    from cargo_buildlint.ci.suggest import replace_variable

    refused = {problem.variable.source: problem for problem in project.ci.env_problems}
    names = project.profiles.names()
    for variable in project.ci.variables:
        if variable.exported_by is not None:
            continue  # what a known action sets is valid
        name, value = variable.name, variable.value
        at = variable.source.at()
        problem = refused.get(variable.source)
        if problem is not None:
            yield Violation(
                at=at,
                message=f"invalid value `{value}` for `{name}`: expected {problem.expected}",
                help="write a value Cargo accepts: every cargo command of the job fails "
                "with this one",
            )
        elif name in IGNORED_NAMES:
            yield Violation(
                at=variable.source.at("key"),
                message=f"Cargo never reads `{name}`",
                help=f"write `{IGNORED_NAMES[name]}`",
                severity=Severity.WARNING,
                fix=replace_variable(
                    f"Rename it `{IGNORED_NAMES[name]}`", variable, {IGNORED_NAMES[name]: value}
                )
                if value is not None
                else None,
            )
        elif name == "CARGO_INCREMENTAL" and value is not None and value.lower() in TRUTHY:
            yield Violation(
                at=at,
                message=f"`CARGO_INCREMENTAL: {value}` turns incremental compilation off: "
                "Cargo turns it on only for `1`",
                help="write `0` to turn it off or `1` to turn it on",
                severity=Severity.WARNING,
                fix=replace_variable("Turn incremental on", variable, {name: "1"}),
            )
        else:
            parsed = profile_variable(name, names)
            if parsed is None or parsed.key is not None:
                continue
            close = closest(parsed.written_key, ENV_KEYS)
            spelled = name.removesuffix(parsed.written_key)
            yield Violation(
                at=variable.source.at("key"),
                message=f"`{name}` sets no profile key: Cargo ignores it",
                help=f"write `{spelled}{close}`"
                if close
                else "`buildlint rule BL609` lists the keys",
                severity=Severity.WARNING,
                fix=replace_variable(
                    f"Rename it `{spelled}{close}`", variable, {spelled + close: value}
                )
                if close and value is not None
                else None,
            )


RULE = Rule(
    code="BL609",
    name="ci-invalid-cargo-env",
    summary="a `CARGO_*` variable in CI that Cargo refuses or silently ignores",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/environment-variables.html",
    fixes=frozenset({Applicability.MANUAL}),
)
