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
- `hint-mostly-unused` in a profile without nightly and `-Zprofile-hint-mostly-unused`
  (`[unstable] profile-hint-mostly-unused = true`): Cargo warns and ignores it.
- config keys of unstable features without their opt-in: `build.fingerprint` needs
  `[unstable] checksum-freshness = true` on nightly.
- `default-features = false` on a `workspace = true` dependency whose workspace entry enables
  the default features: only members on edition 2024 built by Cargo 1.99 or newer can turn
  them off (RFC 3945); older ones warn and build the defaults anyway.
- `[lints.cargo]` and `[workspace.lints.cargo]` for Cargo older than 1.100, which calls them
  an unused manifest key (checked with cargo 1.95; a nightly reads them with `[unstable]
  cargo-lints = true`): a warning under a toolchain pinned below 1.100, information where only
  some Cargo versions of the project's range ignore them.
- `[target.thumbv8m.main-none-eabihf]` written without quotes: TOML reads it as nested tables,
  which Cargo 1.100 no longer treats as the target (cargo#17529); only
  `[target."thumbv8m.main-none-eabihf"]` is read.

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

from cargo_buildlint.cargo.lints import lint_tables
from cargo_buildlint.cargo.versions import CARGO_LINTS_SINCE, INHERITED_DEFAULT_FEATURES_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, KeyPath, Severity, Violation
from cargo_buildlint.members import dependency_tables
from cargo_buildlint.members import table as subtable
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted, header, toml_repr

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
    yield from _ignored_unstable_settings(project)
    yield from _ignored_default_features(project)
    yield from _unquoted_dotted_targets(project)
    yield from _cargo_lints_before_support(project)
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


# Settings of unstable features that Cargo ignores (rather than refuses) without the opt-in.
UNSTABLE_PROFILE_KEYS = {"hint-mostly-unused": "profile-hint-mostly-unused"}
UNSTABLE_CONFIG_KEYS: dict[KeyPath, str] = {("build", "fingerprint"): "checksum-freshness"}
DEFAULT_FEATURES = ("default-features", "default_features")
# Target-table keys Cargo reads; a table with none of them under `target` is no target's
TARGET_KEYS = frozenset({"linker", "rustflags", "runner", "rustdocflags", "ar", "links"})


def _ignored_unstable_settings(project: Project) -> Iterator[Violation]:
    # a nightly build turns them on; stable Cargo ignores every opt-in
    enabled = project.unstable_opt_ins if project.toolchain.is_nightly else set()
    where = "on nightly with" if project.toolchain.is_nightly else "only on nightly, with"
    for table in project.profile_tables:
        for section in table.sections():
            for key, feature in UNSTABLE_PROFILE_KEYS.items():
                if key in section.raw and feature not in enabled:
                    yield Violation(
                        at=At(section.document.path, (*section.key, key), "key"),
                        message=f"`{key}` in `{header(section.key)}` is ignored: Cargo reads "
                        f"it {where} `-Z{feature}`",
                        help=f"pin nightly and add `{feature} = true` under `[unstable]` in "
                        "`.cargo/config.toml`, or remove it",
                    )
    for config in project.configs:
        for config_key, feature in UNSTABLE_CONFIG_KEYS.items():
            if config.has(config_key) and feature not in enabled:
                yield Violation(
                    at=At(config.path, config_key, "key"),
                    message=f"`{dotted(config_key)}` is ignored: Cargo reads it {where} "
                    f"`-Z{feature}`",
                    help=f"pin nightly and add `{feature} = true` under `[unstable]`, or remove it",
                )


def _ignored_default_features(project: Project) -> Iterator[Violation]:
    root = project.manifest
    inherited = subtable(subtable(root.data, "workspace"), "dependencies")
    if not inherited:
        return
    workspace_edition = subtable(subtable(root.data, "workspace"), "package").get("edition")
    versions = project.cargo_range
    for document in (root, *project.members):
        if "default-features" not in document.text and "default_features" not in document.text:
            continue
        edition = subtable(document.data, "package").get("edition")
        if isinstance(edition, dict) and edition.get("workspace") is True:
            edition = workspace_edition
        old_edition = not isinstance(edition, str) or edition < "2024"
        for prefix, dependencies in dependency_tables(document.data):
            for name, spec in dependencies.items():
                if not (isinstance(spec, dict) and spec.get("workspace") is True):
                    continue
                spelled = next(
                    (k for k in ("default-features", "default_features") if k in spec), None
                )
                entry = inherited.get(name)
                entry_off = isinstance(entry, dict) and entry.get("default-features") is False
                if spelled is None or spec[spelled] is not False or entry_off:
                    continue
                if not old_edition and versions.all_at_least(INHERITED_DEFAULT_FEATURES_SINCE):
                    continue
                partial = not old_edition and not versions.none_at_least(
                    INHERITED_DEFAULT_FEATURES_SINCE
                )
                who = (
                    f"{versions.refused_below(INHERITED_DEFAULT_FEATURES_SINCE)} ignore"
                    if partial
                    else "Cargo ignores"
                )
                yield Violation(
                    at=At(document.path, (*prefix, name, spelled), "key"),
                    message=f"{who} `{spelled} = false` on `{name}`: it inherits "
                    f"`workspace.dependencies.{name}`, which enables the default features",
                    help="set `default-features = false` in `[workspace.dependencies]` and "
                    "enable the features each member needs"
                    + ("" if partial else ", or move this package to edition 2024 (Cargo 1.99+)"),
                )


def _cargo_lints_before_support(project: Project) -> Iterator[Violation]:
    """`[lints.cargo]` where Cargo is older than 1.100: "unused manifest key"."""
    versions = project.cargo_range
    if versions.all_at_least(CARGO_LINTS_SINCE):
        return
    if project.toolchain.is_nightly and "cargo-lints" in project.unstable_opt_ins:
        return  # `[unstable] cargo-lints = true`: nightly reads the table before 1.100 too
    partial = not versions.none_at_least(CARGO_LINTS_SINCE)
    for document in (project.manifest, *project.members):
        for at in lint_tables(document.data):
            if not isinstance(document.get((*at, "cargo")), dict):
                continue
            who = versions.refused_below(CARGO_LINTS_SINCE) if partial else "Cargo"
            yield Violation(
                at=At(document.path, (*at, "cargo"), "key"),
                message=f"{who} ignore{'' if partial else 's'} `[{dotted((*at, 'cargo'))}]` "
                "(an unused manifest key): its lints are Cargo's own from 1.100",
                help='set `rust-version = "1.100"` if older Cargo need not build the project'
                if partial
                else "pin a toolchain of 1.100 or newer, or remove the table",
                severity=Severity.INFO if partial else None,
            )


def _unquoted_dotted_targets(project: Project) -> Iterator[Violation]:
    for config in project.configs:
        targets = config.data.get("target")
        for name, value in targets.items() if isinstance(targets, dict) else ():
            if not isinstance(value, dict) or name.startswith("cfg(") or TARGET_KEYS & set(value):
                continue
            for rest, inner in value.items():
                if isinstance(inner, dict) and "-" in rest and TARGET_KEYS & set(inner):
                    yield Violation(
                        at=At(config.path, ("target", name, rest), "key"),
                        message=f"`[target.{name}.{rest}]` is read as nested tables, not as "
                        f"the target `{name}.{rest}`",
                        help=f'quote the target: `[target."{name}.{rest}"]`',
                        notes=(
                            "Cargo 1.100 reads a target whose name has a dot only from "
                            "the quoted key (cargo#17529)",
                        ),
                    )


RULE = Rule(
    code="BL017",
    name="ignored-setting",
    summary="a build setting Cargo ignores (`[profile.doc]`, test `panic`, `[unstable]` on "
    "stable, unstable keys without opt-in, inherited `default-features = false`, unquoted "
    "dotted targets)",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
    fixes=frozenset({Applicability.SAFE, Applicability.UNSAFE}),
)
