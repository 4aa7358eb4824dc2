"""A nightly workspace that rebuilds dependencies when switching between members.

## What it does
When the toolchain is pinned to a nightly that has it (2025 on) and the workspace has two or
more packages, checks
for `[resolver] feature-unification = "workspace"` together with its opt-in
`[unstable] feature-unification = true` in `.cargo/config.toml` (the setting is ignored
without it).

## Why is this bad?
Cargo resolves dependency features for the packages being built. Building one member, then
another, then the whole workspace activates different feature sets of shared dependencies,
and each set is a separate build of those dependencies. Unifying features across the
workspace builds each dependency once.

## Example
```toml
# rust-toolchain.toml
[toolchain]
channel = "nightly"
```

## Use instead
```toml
# .cargo/config.toml
[resolver]
feature-unification = "workspace"

[unstable]
feature-unification = true
```

## Trade-offs
Nightly only. A member that forgot to declare a feature it uses can build inside the workspace
and fail on its own.

## Fix safety
Adding the `[unstable]` opt-in for a `feature-unification` already written is safe on nightly;
adding `feature-unification = "workspace"` is unsafe: every crate is then built with the
features of the whole workspace. No fix is offered for a config file a workspace on stable may
read.

## References
- [The Cargo book: Optimizing Build Performance, workspace features](https://doc.rust-lang.org/cargo/guide/build-performance.html#resolve-features-for-the-whole-workspace)
- [The Cargo book: Unstable, feature-unification](https://doc.rust-lang.org/nightly/cargo/reference/unstable.html#feature-unification)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.versions import FEATURE_UNIFICATION_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.placement import config_path, table_anchor
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

KEY = ("resolver", "feature-unification")
OPT_IN = ("unstable", "feature-unification")


def check(project: Project) -> Iterator[Violation]:
    packages = len(project.members) + ("package" in project.manifest.data)
    if not project.toolchain.nightly_with(FEATURE_UNIFICATION_SINCE) or packages < 2:
        return
    setting = project.config_setting(KEY, str)
    opted_in = project.config_setting(OPT_IN, bool)
    config = config_path(project)
    if setting is not None and setting.value == "workspace":
        if opted_in is not None and opted_in.value is True:
            return
        assert setting.origin.document is not None
        yield Violation(
            at=At(setting.origin.document.path, KEY),
            message='`feature-unification = "workspace"` is ignored without its unstable opt-in',
            help="add `feature-unification = true` under `[unstable]` in `.cargo/config.toml`",
            fix=Fix(
                "Enable the unstable feature",
                (Edit(setting.origin.document.path, OPT_IN, True),),
                for_channel="nightly",
            ),
        )
        return
    yield Violation(
        at=table_anchor(project, ("workspace",)),
        message=f"{packages} packages resolve dependency features separately",
        help='add `[resolver]` with `feature-unification = "workspace"` and `[unstable]` with '
        "`feature-unification = true` to `.cargo/config.toml`",
        fix=Fix(
            "Unify features across the workspace",
            (Edit(config, KEY, "workspace"), Edit(config, OPT_IN, True)),
            Applicability.UNSAFE,
            for_channel="nightly",
        ),
    )


RULE = Rule(
    code="BL501",
    name="workspace-feature-unification",
    summary='a nightly workspace without `feature-unification = "workspace"`',
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#resolve-features-for-the-whole-workspace",
    fixes=frozenset({Applicability.SAFE, Applicability.UNSAFE}),
)
