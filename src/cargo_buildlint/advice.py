"""What the build-speed rules share: the dev loop's settings, where to point, what to write.

The dev loop is `cargo build`/`check`/`run` (profile `dev`) and `cargo test` (profile `test`,
which inherits `dev`). A setting `test` inherits from `dev` is reported once, where it is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .diagnostic import Applicability, At, Edit, Fix, KeyPath, Violation
from .project import Project
from .resolve import Setting, UnitKind
from .toolchain import Version
from .values import BUILTIN_PROFILES, debug_level, dotted, toml_repr

DEV_LOOP_PROFILES = ("dev", "test")
NAMED_DEBUG_SINCE: Version = (1, 71)


def dev_loop(
    project: Project, key: str, unit: UnitKind = UnitKind.MEMBER
) -> Iterator[tuple[str, Setting]]:
    """(profile, effective setting) for the dev loop's profiles, each origin once."""
    seen: set[tuple[object, ...]] = set()
    for profile in DEV_LOOP_PROFILES:
        setting = project.profiles.resolve(profile, unit).get(key)
        if setting is None:
            continue
        document = setting.origin.document
        marker = (
            document.path if document else None,
            setting.origin.key,
            setting.origin.description,
        )
        if marker not in seen:
            seen.add(marker)
            yield profile, setting


def anchor(project: Project, setting: Setting, *tables: KeyPath) -> At:
    """The key that sets it; for a default, the first of `tables` that exists, else the
    manifest's main table, where the missing settings would be written."""
    origin = setting.origin
    if origin.document is not None:
        return At(origin.document.path, origin.key)
    return table_anchor(project, *tables)


def table_anchor(project: Project, *tables: KeyPath) -> At:
    """The header of the first of `tables` that exists (manifest first), else the manifest's
    `[workspace]` or `[package]` header."""
    for table in tables:
        for document in (project.manifest, *project.configs):
            if document.has(table):
                return At(document.path, table, "key")
    main = "workspace" if "workspace" in project.manifest.data else "package"
    return At(project.manifest.path, (main,), "key")


def config_path(project: Project) -> Path:
    """The config file of the workspace root's `.cargo/` that Cargo reads: the legacy
    `config` when the project has it (Cargo would ignore a new `config.toml` beside it),
    else `config.toml`."""
    directory = project.workspace.root_dir / ".cargo"
    read = [document.path for document in project.configs]
    read += [problem.path for problem in project.workspace.problems]  # unreadable ones too
    return next((path for path in read if path.parent == directory), directory / "config.toml")


def named_debug_needs_config(project: Project) -> bool:
    """Cargo before 1.71 cannot parse named `debug` levels, even in a dependency's manifest."""
    return any(version < NAMED_DEBUG_SINCE for _, _, version in project.rust_versions)


def set_fix(
    project: Project,
    title: str,
    key: KeyPath,
    value: object,
    setting: Setting | None = None,
    applicability: Applicability = Applicability.SAFE,
    in_config: bool = False,
) -> Fix:
    """Set `key` where `setting` comes from when a file sets it, else in the root manifest
    (or the workspace's `.cargo/config.toml` when `in_config`)."""
    origin = setting.origin if setting is not None else None
    if origin is not None and origin.document is not None and origin.key == key:
        file = origin.document.path
    else:
        file = config_path(project) if in_config else project.manifest.path
    return Fix(title, (Edit(file, key, value),), applicability)


def debugger_profiles(project: Project) -> list[str]:
    """Opt-in profiles (not dev, release, test, bench) that give members full debug info.

    One that inherits `release` counts too: debugging optimized code is harder, but it is
    the project's chosen way to get a debuggable build.
    """
    profiles = project.profiles
    return [
        name
        for name in profiles.layers
        if name not in BUILTIN_PROFILES
        and debug_level(profiles.resolve(name)["debug"].value) == "full"
    ]


def dev_loop_findings(
    project: Project,
    key: str,
    is_slow: Callable[[object], bool],
    message: str,
    help_text: str,
    fix_value: object = None,
    applicability: Applicability = Applicability.UNSAFE,
) -> Iterator[Violation]:
    """One violation per dev-loop profile whose workspace crates get a slow `key` value.

    `message` and `help_text` are formatted with `profile`, `key`, `value` (TOML text) and
    `setting` (the key as written where it is set: `lto`, or `build.incremental`);
    the fix sets `fix_value` where the value is set, or removes the key when it is None.
    """
    for profile, setting in dev_loop(project, key):
        if not is_slow(setting.value):
            continue
        origin_key = setting.origin.key
        written = key if not origin_key or origin_key[0] == "profile" else dotted(origin_key)
        names = {
            "profile": profile,
            "key": key,
            "value": toml_repr(setting.value),
            "setting": written,
        }
        action = "Remove" if fix_value is None else f"Set `{key} = {toml_repr(fix_value)}` in"
        yield Violation(
            at=anchor(project, setting, ("profile", profile)),
            message=message.format(**names),
            help=help_text.format(**names),
            fix=set_fix(
                project,
                f"{action} `{key}` in `[profile.{profile}]`"
                if fix_value is None
                else f"{action} `[profile.{profile}]`",
                setting.origin.key if setting.origin.document else ("profile", profile, key),
                fix_value,
                setting,
                applicability,
            ),
        )


LLD_DEFAULT_SINCE: Version = (1, 90)


def toolchain_before(project: Project, version: Version) -> bool:
    """Whether the toolchain pin names a Rust older than `version` (unpinned: no)."""
    pinned = project.toolchain.version
    return pinned is not None and pinned < version


def toolchain_at_least(project: Project, version: Version) -> bool:
    """Whether the pin guarantees `version` or newer: a version, or a nightly (dated or not)."""
    pinned = project.toolchain.version
    return (pinned is not None and pinned >= version) or (
        pinned is None and project.toolchain.is_nightly
    )


def toolchain_anchor(project: Project) -> At | None:
    """The toolchain file's channel, where nightly-only advice is anchored."""
    pin = project.workspace.toolchain_file
    if pin is None:
        return None
    if pin.document is None:
        return At(pin.path, (), "key")
    return At(pin.path, ("toolchain", "channel"))


# First nightly versions with each feature the nightly-only advice relies on.
PARALLEL_FRONTEND_SINCE: Version = (1, 76)  # parallel frontend built into nightly, Nov 2023
CRANELIFT_COMPONENT_SINCE: Version = (1, 75)  # rustc-codegen-cranelift-preview, Oct 2023
FEATURE_UNIFICATION_SINCE: Version = (1, 86)  # -Zfeature-unification, early 2025


def nightly_with(project: Project, since: Version) -> bool:
    """Whether the pin is a nightly that has the feature (an undated nightly is current)."""
    toolchain = project.toolchain
    return toolchain.is_nightly and (toolchain.version is None or toolchain.version >= since)
