"""Cargo's unused-dependency lint turned off, or silenced by an old `rust-version`.

## What it does
Since Cargo 1.100, `cargo::unused_dependencies` warns by default about dependencies a package
never uses. Notes what keeps it quiet: `unused_dependencies = "allow"` in `[lints.cargo]` or
`[workspace.lints.cargo]`, and a `rust-version` below 1.79, which turns every default-on Cargo
lint off (for workspace lints, the lowest member's counts). Only where the project builds with
a Cargo that has the lint.

## Why is this bad?
Every dependency is compiled, and linked, in every clean build. Fewer dependencies was the
most used and most effective way to faster builds in the 2025 compiler performance survey, and
the lint finds most unused ones with few false positives.

## Example
```toml
[lints.cargo]
unused_dependencies = "allow"
```

## Use instead
```toml
[lints.cargo]
unused_dependencies = "warn"
```

## Trade-offs
A dependency kept only to pin a version or enable a feature of another is a false positive:
allow it in the lint's `ignore` list rather than turning the lint off. The guide's
`CARGO_LOG=cargo::diagnostics::rules::unused_dependencies=debug cargo check --workspace
--all-targets` reviews the cases the lint cannot see (registry and dev-dependencies).

## References
- [The Cargo book: Optimizing Build Performance, removing unused dependencies](https://doc.rust-lang.org/cargo/guide/build-performance.html#removing-unused-dependencies)
- [The Cargo book: The `[lints]` section](https://doc.rust-lang.org/cargo/reference/manifest.html#the-lints-section)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.lints import LINTS_SINCE_RUST_VERSION, lint_level, lint_tables
from cargo_buildlint.cargo.versions import CARGO_LINTS_SINCE
from cargo_buildlint.diagnostic import At, KeyPath, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted

LINT = "unused_dependencies"


def check(project: Project) -> Iterator[Violation]:
    if project.cargo_range.none_at_least(CARGO_LINTS_SINCE):
        return  # no Cargo of the project's range has the lint
    for document in (project.manifest, *project.members):
        for at in lint_tables(document.data):
            table = document.get(at)
            if isinstance(table, dict) and lint_level(table, "cargo", LINT) == "allow":
                yield Violation(
                    at=At(document.path, (*at, "cargo", LINT)),
                    message=f"`cargo::{LINT}` is turned off in `[{dotted((*at, 'cargo'))}]`",
                    help=f'write `{LINT} = "warn"`, and `{LINT} = {{ level = "warn", ignore = '
                    '["name"] }` for a dependency kept on purpose',
                )
    old = [
        (d, text, v) for d, text, v in project.package_rust_versions if v < LINTS_SINCE_RUST_VERSION
    ]
    if old:
        document, text, _ = min(old, key=lambda found: found[2])
        key: KeyPath = ("package", "rust-version")
        if document.get(key) != text:
            key = ("workspace", "package", "rust-version")
        yield Violation(
            at=At(document.path, key),
            message=f'`rust-version = "{text}"` turns Cargo\'s default lints off, '
            f"`cargo::{LINT}` among them",
            help="raise `rust-version` to 1.79 or newer, or run the guide's "
            "`CARGO_LOG=cargo::diagnostics::rules::unused_dependencies=debug cargo check "
            "--workspace --all-targets` from time to time",
        )


RULE = Rule(
    code="BL502",
    name="unused-dependencies-lint-off",
    summary="`cargo::unused_dependencies` turned off, or silenced by a `rust-version` below 1.79",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#removing-unused-dependencies",
)
