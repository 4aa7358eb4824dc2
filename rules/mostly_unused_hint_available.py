"""A huge, mostly unused dependency that `hint-mostly-unused` would build in half the time.

## What it does
On a nightly toolchain, reads `Cargo.lock` and names the locked crates known to gain most from
`hint-mostly-unused` (aws-sdk-*, windows, x11rb-protocol, k8s-openapi, rustix, ash; the list,
with what was measured for each, is in `src/cargo_buildlint/cargo/mostly_unused.py`) that no
`[profile.*.package.<crate>]` gives the hint. Off by default: select it with `--select BL208`.

## Why is this bad?
These crates generate vast APIs of which a project uses a sliver, and compile all of it. With
the hint, Cargo defers their code generation to the functions used: aws-sdk-ec2's release
build went from 124 s to 59 s, `windows` with all Graphics/UI features lost 42 %, x11rb 51 %.

## Example
```toml
# Cargo.lock holds aws-sdk-ec2; rust-toolchain.toml pins nightly
[profile.release]
```

## Use instead
```toml
[profile.dev.package.aws-sdk-ec2]
hint-mostly-unused = true

[profile.release.package.aws-sdk-ec2]
hint-mostly-unused = true
```
```toml
# .cargo/config.toml
[unstable]
profile-hint-mostly-unused = true
```

## Trade-offs
The hint is unstable (nightly, `-Zprofile-hint-mostly-unused`), and a crate the project does
use widely builds slower with it: measure with `cargo build --timings`. Some crates carry
`[hints] mostly-unused = true` themselves, which Cargo reads from 1.90 on; buildlint cannot
see a dependency's manifest, so it may name one that already has it.

## Fix safety
Unsafe: it turns on an unstable Cargo feature, and what it gains depends on how much of the
crate the project uses.

## References
- [The Cargo book: hint-mostly-unused](https://doc.rust-lang.org/nightly/cargo/reference/unstable.html#profile-hint-mostly-unused-option)
- [Inside Rust: call for testing hint-mostly-unused (2025-07-15)](https://blog.rust-lang.org/inside-rust/2025/07/15/call-for-testing-hint-mostly-unused/)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.mostly_unused import mostly_unused
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.load import LoadProblem
from cargo_buildlint.placement import config_path, toolchain_anchor
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

KEY = "hint-mostly-unused"
PROFILES = ("dev", "release")


def check(project: Project) -> Iterator[Violation]:
    at = toolchain_anchor(project)
    if not project.toolchain.is_nightly or at is None:
        return
    lock = project.lock_file
    if lock is None:
        return
    if isinstance(lock, LoadProblem):
        yield Violation(
            at=At(lock.path, span=lock.span),
            message=f"cannot read `Cargo.lock`: {lock.message}",
            help="regenerate it with `cargo generate-lockfile`",
            severity=Severity.WARNING,
        )
        return
    packages = lock.data.get("package")
    names = sorted(
        {p["name"] for p in packages if isinstance(p, dict) and isinstance(p.get("name"), str)}
        if isinstance(packages, list)
        else set()
    )
    manifest = project.manifest.path
    for name in names:
        known = mostly_unused(name)
        if known is None or any(
            project.manifest.get(("profile", profile, "package", name, KEY)) is not None
            for profile in PROFILES
        ):
            continue
        edits = [Edit(manifest, ("profile", p, "package", name, KEY), True) for p in PROFILES]
        edits.append(Edit(config_path(project), ("unstable", "profile-hint-mostly-unused"), True))
        yield Violation(
            at=at,
            message=f"`{name}` in `Cargo.lock` is a huge crate that `{KEY}` builds faster",
            help=f"set `{KEY} = true` in `[profile.dev.package.{name}]` and "
            f"`[profile.release.package.{name}]`, and `profile-hint-mostly-unused = true` under "
            "`[unstable]` in `.cargo/config.toml`",
            notes=(f"measured: {known.win}",),
            fix=Fix(
                f"Give `{name}` the `{KEY}` hint",
                tuple(edits),
                Applicability.UNSAFE,
                for_channel="nightly",
            ),
        )


RULE = Rule(
    code="BL208",
    name="mostly-unused-hint-available",
    summary="a nightly project locks a huge crate that `hint-mostly-unused` builds faster "
    "(off by default)",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/nightly/cargo/reference/unstable.html#profile-hint-mostly-unused-option",
    fixes=frozenset({Applicability.UNSAFE}),
    enabled_by_default=False,
)
