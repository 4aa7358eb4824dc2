"""A package override table that silently resets `strip` for a workspace crate.

## What it does
Finds profiles that set `strip` while a `[profile.<name>.package.<spec>]` table naming one of
the workspace's own crates does not set it too.

## Why is this bad?
Cargo merges each override table with a routine that assigns `strip` unconditionally, so an
override table without `strip` resets it to the default for the packages it matches. Adding
`codegen-units = 1` for your binary's crate then quietly ships it unstripped: with
`[profile.release] strip = "symbols"`, the binary is built with `-C strip=debuginfo`.

## Example
```toml
[profile.release]
strip = "symbols"

[profile.release.package.my-app]
codegen-units = 1
```

## Use instead
```toml
[profile.release]
strip = "symbols"

[profile.release.package.my-app]
codegen-units = 1
strip = "symbols"
```

## Trade-offs
None; this is Cargo's behaviour as of 1.95, verified with `cargo build -v`. Dependencies are
affected the same way by `package."*"` and named specs, but stripping matters for the
artifacts you link, which are your own crates.

## Fix safety
Unsafe: the override table gets the profile's `strip`, so the binaries it names are stripped as
the profile says, which changes what ships.

## References
- [The Cargo book: Profiles, strip](https://doc.rust-lang.org/cargo/reference/profiles.html#strip)
- [The Cargo book: Profiles, overrides](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import strip_level
from cargo_buildlint.cargo.specs import spec_name
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import Origin, Setting, UnitKind
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header, toml_repr


def member_names(project: Project) -> set[str]:
    manifests = (project.manifest, *project.members)
    names = [m.get(("package", "name")) for m in manifests]
    return {name for name in names if isinstance(name, str)}


def check(project: Project) -> Iterator[Violation]:
    profiles = project.profiles
    members: set[str] | None = None
    for name in profiles.layers:
        packages = profiles.merged(name)[1]
        # Only a named spec can reset `strip` for a workspace crate: most profiles have none.
        named = {spec_name(spec): spec for spec in packages.packages if spec != "*"}
        if not named:
            continue
        intended = profiles.resolve(name)["strip"]
        if intended.origin.is_default:
            continue
        members = member_names(project) if members is None else members
        for member in sorted(members & named.keys()):
            spec = named[member]
            if "strip" in packages.packages[spec]:
                continue  # the override sets `strip` itself
            built = profiles.resolve(name, UnitKind.MEMBER, member)["strip"]
            if strip_level(built.value) == strip_level(intended.value):
                continue  # the reset lands on the same setting: nothing changes
            yield _violation(project, name, spec, packages.spec_origins[spec], intended, built)


def _violation(
    project: Project, name: str, spec: str, origin: Origin, intended: Setting, built: Setting
) -> Violation:
    assert origin.document is not None, "an override spec always comes from a table"
    value = toml_repr(intended.value)
    # The fix goes into this profile's own override table, never into the inherited table
    # of another profile, whose builds it would change.
    table = ("profile", name, "package", spec)
    own = next(project.profiles.tables_named(name)).document
    target = origin.document.path if origin.key == table else own.path
    return Violation(
        at=At(origin.document.path, origin.key, "key"),
        message=f"`{header(origin.key)}` resets `strip` for `{spec_name(spec)}` to "
        f"`{toml_repr(built.value)}`, not `{value}`",
        help=f"add `strip = {value}` to `{header(table)}`",
        notes=(
            f"an override table without `strip` undoes `strip = {value}` of "
            f"`[profile.{name}]` for the packages it names",
        ),
        fix=Fix(
            f"Set `strip = {value}` in `{header(table)}`",
            (Edit(target, (*table, "strip"), intended.value),),
            Applicability.UNSAFE,
        ),
    )


RULE = Rule(
    code="BL016",
    name="override-resets-strip",
    summary="a package override table silently resets `strip` for a workspace crate",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#strip",
    fixes=frozenset({Applicability.UNSAFE}),
)
