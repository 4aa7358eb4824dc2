"""LLD set up by hand for x86_64 Linux, where Rust already uses it.

## What it does
When the toolchain is pinned to Rust 1.90 or newer (or nightly), notes `-fuse-ld=lld`,
`linker = "rust-lld"` and similar settings that apply to `x86_64-unknown-linux-gnu`.

## Why is this bad?
Since Rust 1.90, `x86_64-unknown-linux-gnu` links with Rust's own LLD by default. The hand-made
setting does nothing but require a system lld on every machine, and it is one more line to
keep right.

## Example
```toml
[target.x86_64-unknown-linux-gnu]
rustflags = ["-C", "link-arg=-fuse-ld=lld"]
```

## Use instead
```toml
[target.x86_64-unknown-linux-gnu]
```

## Trade-offs
Keep it if the project must build with toolchains older than 1.90, or with a distribution's
rustc that does not ship LLD.

## Fix safety
Unsafe: it removes linker settings; a toolchain older than Rust 1.90 would then link with the
system linker. It only touches tables that serve `x86_64-unknown-linux-gnu` alone.

## References
- [The Cargo book: Optimizing Build Performance, alternative linker](https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker)
- [Rust 1.90: LLD by default on x86_64 Linux](https://blog.rust-lang.org/2025/09/01/rust-lld-on-1.90.0-stable/)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.targets import (
    DEFAULT_LLD_TARGET,
    disables_default_lld,
    effective_rustflags,
    fast_linker,
    flags_of,
    linker_for,
    only_for,
    without_lld,
)
from cargo_buildlint.cargo.versions import LLD_DEFAULT_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted


def check(project: Project) -> Iterator[Violation]:
    if not project.toolchain.at_least(LLD_DEFAULT_SINCE):
        return
    linker = linker_for(project.configs, DEFAULT_LLD_TARGET)
    if (
        linker is not None
        and fast_linker([], linker.value) == "lld"
        and only_for(linker.key, DEFAULT_LLD_TARGET)
    ):
        yield Violation(
            at=At(linker.document.path, linker.key),
            message=f"`{dotted(linker.key)}` sets up lld, which Rust uses by default here",
            help="remove `linker`: Rust 1.90 and newer link this target with LLD",
            fix=Fix(
                "Remove `linker`",
                (Edit(linker.document.path, linker.key, None),),
                Applicability.UNSAFE,
            ),
        )
    if linker is not None and disables_default_lld(linker.value):
        return  # with a gcc or clang driver, `-fuse-ld=lld` is what keeps LLD (BL302)
    for value in effective_rustflags(project.configs, DEFAULT_LLD_TARGET):
        # Only a table that serves this target alone: `[build]` or a `cfg(target_os =
        # "linux")` table also serves aarch64, which still needs the flags.
        flags = flags_of(value.value)
        kept = without_lld(flags)
        if len(kept) == len(flags) or not only_for(value.key, DEFAULT_LLD_TARGET):
            continue
        yield Violation(
            at=At(value.document.path, value.key),
            message=f"`{dotted(value.key)}` sets up lld, which Rust uses by default on "
            f"`{DEFAULT_LLD_TARGET}`",
            help="remove the lld flags: Rust 1.90 and newer link this target with LLD",
            fix=Fix(
                "Remove the lld flags",
                (Edit(value.document.path, value.key, kept),),
                Applicability.UNSAFE,
            ),
        )


RULE = Rule(
    code="BL303",
    name="redundant-lld",
    summary="lld set up by hand for x86_64 Linux, where Rust 1.90+ uses it by default",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker",
    fixes=frozenset({Applicability.UNSAFE}),
)
