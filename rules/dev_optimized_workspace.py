"""Workspace crates optimized in the dev loop.

## What it does
Notes an `opt-level` other than `0` for workspace crates in `[profile.dev]` or
`[profile.test]`. Optimized dependencies (`[profile.dev.package."*"] opt-level = 3`) are a
common, deliberate choice and are not reported.

## Why is this bad?
The crates you edit are the ones rebuilt after every change; optimizing them makes each of
those rebuilds slower. Optimizing only dependencies, which are built once, gets most of the
run-time speed for little build time.

## Example
```toml
[profile.dev]
opt-level = 2
```

## Use instead
```toml
[profile.dev.package."*"]
opt-level = 2
```

## Trade-offs
Some programs (games, simulations) are unusable unoptimized even in their own code; then
`opt-level = 1` is a middle ground. This is a note, not a warning, for that reason.

## Fix safety
Unsafe: the fix sets the workspace crates' `opt-level` to `0` and gives the dependencies the
old value in `[profile.<name>.package."*"]` (unless an override already sets theirs); the
workspace's own code then runs slower in the dev build (tests that time out, simulations that
crawl).

## References
- [The Cargo book: Profiles, opt-level](https://doc.rust-lang.org/cargo/reference/profiles.html#opt-level)
- [The Cargo book: Profiles, overrides and generics](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides-and-generics)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.devloop import dev_loop_findings
from cargo_buildlint.diagnostic import Applicability, Edit, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import Setting, UnitKind
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    def keep_dependencies_optimized(profile: str, setting: Setting) -> tuple[Edit, ...]:
        """The fix moves the optimization to the dependencies, where the help says, unless an
        override already decides theirs."""
        dependencies = project.profiles.resolve(profile, UnitKind.DEPENDENCY)["opt-level"]
        document = setting.origin.document
        if document is None or "package" in dependencies.origin.key:
            return ()
        table = setting.origin.key[:2]  # the profile that sets it, maybe one `profile` inherits
        return (Edit(document.path, (*table, "package", "*", "opt-level"), setting.value),)

    yield from dev_loop_findings(
        project,
        "opt-level",
        lambda value: value != 0,
        "`opt-level = {value}` optimizes workspace crates in `[profile.{profile}]`",
        'optimize dependencies instead: `opt-level = {value}` in `[profile.{profile}.package."*"]`',
        fix_value=0,
        also=keep_dependencies_optimized,
    )


RULE = Rule(
    code="BL204",
    name="dev-optimized-workspace",
    summary="workspace crates built with `opt-level` 1 or more in the dev loop",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#opt-level",
    fixes=frozenset({Applicability.UNSAFE}),
)
