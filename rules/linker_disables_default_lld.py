"""A `linker` setting that turns off Rust's default LLD on x86_64 Linux.

## What it does
On `x86_64-unknown-linux-gnu`, where Rust links with its own LLD by default since 1.90, finds a
`linker` (from a `[target.x86_64-unknown-linux-gnu]` or matching `[target.'cfg(...)']` table)
whose name is a C compiler driver (`gcc`, `clang`, `cc`-style `*-gcc`) without a `-fuse-ld=`
flag in the rustflags that apply.

## Why is this bad?
rustc infers from a `gcc` or `clang` driver name that the linker is "cc, not lld", so the fast
default linker is silently replaced by the system's `ld`: every link gets slower, often by
seconds, although the configuration looks harmless.

## Example
```toml
[target.x86_64-unknown-linux-gnu]
linker = "clang"
```

## Use instead
```toml
[target.x86_64-unknown-linux-gnu]
linker = "clang"
rustflags = ["-C", "link-arg=-fuse-ld=lld"]
```

## Trade-offs
`-fuse-ld=lld` needs lld installed on every machine that builds; removing `linker` keeps
Rust's own LLD and needs nothing.

## Fix safety
Unsafe: it changes the linker's command line, which must then accept `-fuse-ld=lld`.

## References
- [Rust 1.90: LLD by default on x86_64 Linux](https://blog.rust-lang.org/2025/09/01/rust-lld-on-1.90.0-stable/)
- [The Cargo book: Configuration, target.<triple>.linker](https://doc.rust-lang.org/cargo/reference/config.html#targettriplelinker)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.targets import (
    DEFAULT_LLD_TARGET,
    all_flags,
    disables_default_lld,
    effective_rustflags,
    linker_for,
    own_flags,
)
from cargo_buildlint.cargo.versions import LLD_DEFAULT_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header, toml_repr


def check(project: Project) -> Iterator[Violation]:
    if project.toolchain.before(LLD_DEFAULT_SINCE):
        return
    linker = linker_for(project.configs, DEFAULT_LLD_TARGET)
    if linker is None or not disables_default_lld(linker.value):
        return
    flags = all_flags(effective_rustflags(project.configs, DEFAULT_LLD_TARGET))
    if any("fuse-ld=" in flag for flag in flags):
        return
    table = linker.key[:2]
    yield Violation(
        at=At(linker.document.path, linker.key),
        message=f"`linker = {toml_repr(linker.value)}` turns off the LLD linker Rust uses by "
        f"default on `{DEFAULT_LLD_TARGET}`",
        help=f'add `"-C", "link-arg=-fuse-ld=lld"` to `rustflags` in `{header(table)}`, '
        "or remove `linker`",
        notes=('rustc takes a gcc or clang driver as "cc, not lld" (since Rust 1.90)',),
        fix=Fix(
            "Link through the driver with lld",
            (
                Edit(
                    linker.document.path,
                    (*table, "rustflags"),
                    [*own_flags(linker.document, table), "-C", "link-arg=-fuse-ld=lld"],
                ),
            ),
            Applicability.UNSAFE,
        ),
    )


RULE = Rule(
    code="BL302",
    name="linker-disables-default-lld",
    summary="a gcc/clang `linker` without `-fuse-ld` turns off the default LLD on x86_64 Linux",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#targettriplelinker",
    fixes=frozenset({Applicability.UNSAFE}),
)
