"""A build setting that Cargo ignores, with or without a warning.

## What it does
Reports settings that look effective but are not:
- `[profile.doc]`: "profile `doc` is deprecated and has no effect"; `cargo doc` uses `dev`.
- `panic` in `[profile.test]`: `cargo test` always unwinds, so the setting only reaches
  `cargo build --profile test`, which is rarely what was meant. (`[profile.bench]` is left
  alone: projects keep it equal to `release` for `cargo build --profile bench`.)
- a `split-debuginfo` value other than `"off"`, `"packed"` or `"unpacked"`: Cargo drops it
  without a word.
- `[unstable]` in a config file while the toolchain is not pinned to nightly: stable Cargo
  ignores the whole table without a word.

## Why is this bad?
Someone wrote these to change the build, and the build does not change; the next person reads
them and believes they apply.

## Example
```toml
[profile.test]
panic = "abort"
```

## Use instead
```toml
[profile.release]
panic = "abort"
```

## Trade-offs
None for the profile settings. An `[unstable]` table can serve developers who run
`cargo +nightly` by hand; it then belongs in their own `$CARGO_HOME/config.toml`.

## Fix safety
Removing `[profile.doc]` and an unknown `split-debuginfo` value is safe: Cargo ignores them.
Removing `panic` from `[profile.test]` (`cargo build --profile test` uses it) and `[unstable]`
(a `cargo +nightly` run uses it) is unsafe. No fix removes `[unstable]` from a config file that
a workspace on nightly may read.

## References
- [The Cargo book: Profiles](https://doc.rust-lang.org/cargo/reference/profiles.html)
- [The Cargo book: Unstable features](https://doc.rust-lang.org/nightly/cargo/reference/unstable.html)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, KeyPath, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header, toml_repr

SPLIT_DEBUGINFO = ("off", "packed", "unpacked")


def _remove(file: Path, key: KeyPath, what: str, safe: bool = True) -> Fix:
    return Fix(
        f"Remove {what}",
        (Edit(file, key, None),),
        Applicability.SAFE if safe else Applicability.UNSAFE,
    )


def _remove_unstable(file: Path) -> Fix:
    """Right only for workspaces on stable: withheld where a nightly one reads the file."""
    removal = _remove(file, ("unstable",), "`[unstable]`", safe=False)
    return dataclasses.replace(removal, for_channel="stable")


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        path, key = table.document.path, table.key
        if table.name == "doc":
            yield Violation(
                at=At(path, key, "key"),
                message="`[profile.doc]` has no effect: Cargo ignores it",
                help="remove it: `cargo doc` builds with the `dev` profile",
                fix=_remove(path, key, "`[profile.doc]`"),
            )
        if table.model is None:
            continue
        if table.name == "test" and "panic" in table.model.settings:
            # `cargo build --profile test` does pass it (checked with cargo -v): the fix is
            # unsafe for that rare use.
            yield Violation(
                at=At(path, (*key, "panic"), "key"),
                message="`panic` in `[profile.test]` has no effect on `cargo test`, which "
                "always unwinds",
                help="remove it, and set `panic` in `[profile.dev]` if it matters",
                notes=("only `cargo build --profile test` builds with it",),
                fix=_remove(path, (*key, "panic"), "`panic`", safe=False),
            )
        for section in table.sections():
            prefix = section.key
            value = section.model.settings.get("split-debuginfo") if section.model else None
            if value is not None and value not in SPLIT_DEBUGINFO:
                yield Violation(
                    at=At(path, (*prefix, "split-debuginfo")),
                    message=f"`split-debuginfo = {toml_repr(value)}` in `{header(prefix)}` is "
                    "dropped by Cargo",
                    help='use `"off"`, `"packed"` or `"unpacked"`',
                    fix=_remove(path, (*prefix, "split-debuginfo"), "`split-debuginfo`"),
                )
    if project.toolchain.is_nightly:
        return
    for config in project.configs:
        unstable = config.data.get("unstable")
        if unstable == {}:
            continue  # only comments: nothing is ignored
        if unstable is not None:
            # `build-std` is how `cargo +nightly` builds a target rustup has no std for
            builds_std = isinstance(unstable, dict) and "build-std" in unstable
            yield Violation(
                at=At(config.path, ("unstable",), "key"),
                message="`[unstable]` is ignored: the toolchain is not pinned to nightly",
                help="remove it, or pin nightly in `rust-toolchain.toml`",
                notes=("no fix: `build-std` serves `cargo +nightly` builds",) if builds_std else (),
                fix=None if builds_std else _remove_unstable(config.path),
            )


RULE = Rule(
    code="BL017",
    name="ignored-setting",
    summary="a build setting Cargo ignores (`[profile.doc]`, test `panic`, `[unstable]` on stable)",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
    fixes=frozenset({Applicability.SAFE, Applicability.UNSAFE}),
)
