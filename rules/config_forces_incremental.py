"""`build.incremental = true` in a checked-in config, which undoes Cargo's CI default.

## What it does
Reports `[build] incremental = true` in a project's `.cargo/config.toml` when the project
builds with Cargo 1.99 or newer (all or part of its version range).

## Why is this bad?
Since 1.99, Cargo turns incremental compilation off when the `CI` variable is set, as GitHub
Actions and GitLab set it: CI builds start from scratch or from a cache, where incremental
state is only written, never reused, and grows the cache (serde's dev target directory is
122 % larger with it, Cargo's 53 %). `build.incremental = true` beats that default, so every
CI build writes the state again. (`[profile.dev] incremental = true` does not: it ranks below
the CI default.)

## Example
```toml
# .cargo/config.toml
[build]
incremental = true
```

## Use instead
```toml
# .cargo/config.toml
[build]
```

## Trade-offs
A team that caches incremental state in CI on purpose can keep it (and allow the rule).
Developers who want incremental release builds locally set it in their own
`$CARGO_HOME/config.toml`.

## Fix safety
Safe: it changes only whether builds keep incremental state (dev builds keep it by default).

## References
- [The Cargo book: Configuration, build.incremental](https://doc.rust-lang.org/cargo/reference/config.html#buildincremental)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.versions import INCREMENTAL_OFF_IN_CI_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

KEY = ("build", "incremental")


def check(project: Project) -> Iterator[Violation]:
    if project.cargo_range.none_at_least(INCREMENTAL_OFF_IN_CI_SINCE):
        return
    for config in project.configs:
        if config.get(KEY) is True and project.is_checked_in(config):
            yield Violation(
                at=At(config.path, KEY),
                message="`build.incremental = true` turns incremental compilation back on in "
                "CI, where Cargo 1.99 and newer turn it off",
                help="remove it: dev builds are incremental by default, and CI builds gain "
                "nothing from the state they write",
                fix=Fix("Remove `build.incremental`", (Edit(config.path, KEY, None),)),
            )
            return  # the highest-priority file decides


RULE = Rule(
    code="BL209",
    name="config-forces-incremental",
    summary="`build.incremental = true` in a checked-in config beats Cargo 1.99's CI default",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#buildincremental",
    fixes=frozenset({Applicability.SAFE}),
)
