"""The dev loop's view of the profiles, which the build-speed rules share.

The dev loop is `cargo build`/`check`/`run` (profile `dev`) and `cargo test` (profile `test`,
which inherits `dev`). A setting `test` inherits from `dev` is reported once, where it is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from .cargo.profiles import BUILTIN_PROFILES, debug_level
from .diagnostic import Applicability, Edit, Violation
from .placement import anchor, set_fix
from .project import Project
from .resolve import Setting, UnitKind
from .toml_text import dotted, toml_repr

DEV_LOOP_PROFILES = ("dev", "test")


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
    only_if: Callable[[str], bool] | None = None,
    also: Callable[[str, Setting], tuple[Edit, ...]] = lambda profile, setting: (),
) -> Iterator[Violation]:
    """One violation per dev-loop profile whose workspace crates get a slow `key` value
    (and for which `only_if(profile)` holds, when given).

    `message` and `help_text` are formatted with `profile`, `key`, `value` (TOML text) and
    `setting` (the key as written where it is set: `lto`, or `build.incremental`);
    the fix sets `fix_value` where the value is set, or removes the key when it is None, and
    makes the edits `also(profile, setting)` gives.
    """
    for profile, setting in dev_loop(project, key):
        if not is_slow(setting.value) or (only_if is not None and not only_if(profile)):
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
        fix = set_fix(
            project,
            f"{action} `{key}` in `[profile.{profile}]`"
            if fix_value is None
            else f"{action} `[profile.{profile}]`",
            setting.origin.key if setting.origin.document else ("profile", profile, key),
            fix_value,
            setting,
            applicability,
        )
        yield Violation(
            at=anchor(project, setting, ("profile", profile)),
            message=message.format(**names),
            help=help_text.format(**names),
            fix=replace(fix, edits=fix.edits + also(profile, setting)),
        )
