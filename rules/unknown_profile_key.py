"""A profile key that Cargo does not know, and therefore ignores.

## What it does
Reports keys in `[profile.*]` tables (and their `package` and `build-override` tables) that are
not profile settings, and names the closest real key. Cargo's keys are kebab-case: `opt_level`
is not `opt-level`.

## Why is this bad?
Cargo only prints an "unused manifest key" warning and builds as if the key were not there, so a
typo silently leaves the setting at its default: a release build without the intended LTO, a
dev build with full debug info.

## Example
```toml
[profile.release]
codegen_units = 1
```

## Use instead
```toml
[profile.release]
codegen-units = 1
```

## Trade-offs
None. A key that only newer Cargo knows is reported too; Cargo before that version ignores it.

## References
- [The Cargo book: Profile settings](https://doc.rust-lang.org/cargo/reference/profiles.html#profile-settings)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import PROFILE_KEYS
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.spelling import closest
from cargo_buildlint.toml_text import header


def closest_key(key: str) -> str | None:
    normalised = key.lower().replace("_", "-")
    if normalised in PROFILE_KEYS:
        return normalised
    return closest(normalised, PROFILE_KEYS)


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        for section in table.sections():
            for key in section.model.unknown_keys if section.model else ():
                suggestion = closest_key(key)
                yield Violation(
                    at=At(section.document.path, (*section.key, key), "key"),
                    message=f"unknown key `{key}` in `{header(section.key)}`, Cargo ignores it",
                    help=f"did you mean `{suggestion}`?"
                    if suggestion
                    else "remove it: it is not a profile setting",
                )


RULE = Rule(
    code="BL003",
    name="unknown-profile-key",
    summary="a profile key that Cargo does not know and ignores",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#profile-settings",
)
