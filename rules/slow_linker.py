"""A Linux target that links with the slow system linker.

## What it does
For every Linux target the project configures (`build.target`, a `[target.<triple>]` table in
`.cargo/config.toml`, or `targets` in `rust-toolchain.toml`) other than
`x86_64-unknown-linux-gnu`, and for that one too when the toolchain is pinned before Rust 1.90,
checks that a fast linker (lld, mold or wild) is set up through `linker` or `rustflags`.

## Why is this bad?
Linking is serial and runs at the end of every build, so after a small edit it is often most of
the wait. Rust uses LLD by default only on `x86_64-unknown-linux-gnu` (since 1.90); other Linux
targets use the system's `ld`, which is several times slower than lld or mold.

## Example
```toml
[build]
target = "aarch64-unknown-linux-gnu"
```

## Use instead
```toml
[build]
target = "aarch64-unknown-linux-gnu"

[target.aarch64-unknown-linux-gnu]
rustflags = ["-C", "link-arg=-fuse-ld=mold"]
```

## Trade-offs
The linker must be installed on every machine that builds. `-fuse-ld=mold` needs GCC 12 or
newer as the driver (otherwise `linker = "clang"` and `-fuse-ld=/path/to/mold`), and
`-fuse-ld=lld` GCC 9: where a target's `linker` names a versioned GCC
(`arm-linux-gnueabihf-gcc-10`), the rule suggests what that driver takes, lld below GCC 12, and
says nothing below GCC 9, where neither works. Some C or C++ dependencies need flags that
alternative linkers do not support.

## Fix safety
Unsafe: the fast linker must be installed on every machine that builds the project.

## References
- [The Cargo book: Optimizing Build Performance, alternative linker](https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker)
- [Rust 1.90: LLD by default on x86_64 Linux](https://blog.rust-lang.org/2025/09/01/rust-lld-on-1.90.0-stable/)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath

from cargo_buildlint.cargo.targets import (
    DEFAULT_LLD_TARGET,
    all_flags,
    build_rustflags,
    configured_targets,
    effective_rustflags,
    fast_linker,
    linker_for,
    own_flags,
    target_cfg,
    target_rustflags,
)
from cargo_buildlint.cargo.versions import LLD_DEFAULT_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.paths import display_path
from cargo_buildlint.placement import config_path, table_anchor, toolchain_anchor
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.source import TomlDocument
from cargo_buildlint.toml_text import header, toml_repr

# The GCC major version from which the driver takes `-fuse-ld=<name>`, the preferred first.
FUSE_LD_SINCE_GCC = {"mold": 12, "lld": 9}


def check(project: Project) -> Iterator[Violation]:
    pin = project.toolchain_file
    toolchain_targets = pin.document.get(("toolchain", "targets")) if pin and pin.document else None
    targets = configured_targets(
        project.configs, [t for t in toolchain_targets or [] if isinstance(t, str)]
    )
    old_toolchain = project.toolchain.before(LLD_DEFAULT_SINCE)
    if old_toolchain and DEFAULT_LLD_TARGET not in targets:
        targets.append(DEFAULT_LLD_TARGET)
    for triple in targets:
        if target_cfg(triple)["target_os"] != "linux" or (
            triple == DEFAULT_LLD_TARGET and not old_toolchain
        ):
            continue
        flags = all_flags(effective_rustflags(project.configs, triple))
        linker = linker_for(project.configs, triple)
        driver = linker.value if linker else None
        if fast_linker(flags, driver):
            continue
        fast = _fast_linker_for(driver)
        if fast is None:
            continue  # the configured GCC takes no `-fuse-ld` of a fast linker
        fuse = ["-C", f"link-arg=-fuse-ld={fast}"]
        # a target table's rustflags replace `build.rustflags` for that target: the new table
        # carries them (firecracker's `-Ccodegen-units=1` would be lost on its musl targets)
        carried = (
            []
            if target_rustflags(project.configs, triple)
            else all_flags(build_rustflags(project.configs))
        )
        table = ("target", triple)
        holder = next((c for c in project.configs if c.has(table)), None) or _new_config(project)
        at = table_anchor(project, table, ("build", "target"))
        if at.key == ("workspace",) or at.key == ("package",):
            # named by the toolchain file's `targets`; the default target is slow only because
            # the pinned toolchain is old: its `channel` says so
            listed = toolchain_targets if isinstance(toolchain_targets, list) else []
            if pin is not None and triple in listed and triple != DEFAULT_LLD_TARGET:
                at = At(pin.path, ("toolchain", "targets", listed.index(triple)))
            else:
                at = toolchain_anchor(project) or at
        old = triple == DEFAULT_LLD_TARGET
        since = "from 1.90, and only " if old else ""
        upgrade = "move the toolchain to Rust 1.90 or newer, or " if old else ""
        yield Violation(
            at=at,
            message=f"`{triple}` links with the system linker, which is slow",
            help=(
                f'{upgrade}add `"-C", "link-arg=-fuse-ld={fast}"` to the `rustflags` of '
                if holder.has((*table, "rustflags"))
                else f"{upgrade}add `rustflags = {toml_repr([*carried, *fuse])}` to "
            )
            + f"`{header(table)}` in `{display_path(holder.path)}` "
            + (
                "(mold needs GCC 12 or newer; `-fuse-ld=lld` works too)"
                if fast == "mold"
                else f"(`{driver}` is older than GCC 12, which mold needs)"
            ),
            notes=(f"Rust uses LLD by default only {since}for `{DEFAULT_LLD_TARGET}`",),
            fix=Fix(
                f"Link `{triple}` with {fast}",
                (
                    Edit(
                        holder.path,
                        (*table, "rustflags"),
                        [*own_flags(holder, table), *carried, *fuse],
                    ),
                ),
                Applicability.UNSAFE,
            ),
        )


def _fast_linker_for(driver: object) -> str | None:
    """The fast linker the configured driver can run: a versioned GCC (`...-gcc-10`,
    `g++-8`) takes `-fuse-ld=mold` from GCC 12 and `-fuse-ld=lld` from GCC 9; any other
    driver is taken to be current. `driver`: the `linker` value as the config file holds it."""
    name = PurePath(driver).name if isinstance(driver, str) else ""
    version = re.search(r"(?:^|-)(?:gcc|g\+\+|cc|c\+\+)-(\d+)(?:\.\d+)*$", name)
    major = int(version[1]) if version else None
    usable = [fast for fast, since in FUSE_LD_SINCE_GCC.items() if major is None or major >= since]
    return usable[0] if usable else None


def _new_config(project: Project) -> TomlDocument:
    """The config file the flags go to, as it stands (empty when it does not exist)."""
    path = config_path(project)
    existing = next((c for c in project.configs if c.path == path), None)
    return existing or TomlDocument(path, "", {}, str(path))


RULE = Rule(
    code="BL301",
    name="slow-linker",
    summary="a Linux target links with the slow system linker",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker",
    fixes=frozenset({Applicability.UNSAFE}),
)
