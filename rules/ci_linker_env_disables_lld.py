"""A linker variable in CI that turns off Rust's default LLD on x86_64 Linux.

## What it does
Finds `CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER` set to a gcc or clang driver (`gcc`,
`clang`, `x86_64-linux-gnu-gcc`, ...) for cargo commands on Rust 1.90 or newer whose rustflags
choose no linker with `-fuse-ld`.

## Why is this bad?
Since Rust 1.90, `x86_64-unknown-linux-gnu` links with Rust's own LLD. rustc reads a linker
named like a C compiler driver as "link with the system linker", so the variable silently
brings back the slow GNU `ld`, and CI links more slowly than developers' machines do.

## Example
```yaml
env:
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER: clang
```

## Use instead
```yaml
env:
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER: clang
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS: -C link-arg=-fuse-ld=lld
```

## Trade-offs
A job that must link with the system linker (to test it) can allow the rule. buildlint does
not rewrite workflow files.

## References
- [The Cargo book: Optimizing Build Performance, alternative linker](https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker)
- [Rust 1.90: LLD by default on x86_64 Linux](https://blog.rust-lang.org/2025/09/01/rust-lld-on-1.90.0-stable/)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.cargo.targets import DEFAULT_LLD_TARGET, disables_default_lld
from cargo_buildlint.cargo.versions import LLD_DEFAULT_SINCE
from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun, EnvValue

VARIABLE = "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER"


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import ci_version, jobs
    from cargo_buildlint.ci.layer import effective_rustflags

    found: dict[tuple[object, ...], tuple[EnvValue, list[CargoRun]]] = {}
    for run in project.ci_runs_as_configured:
        linker = run.env.get(VARIABLE)
        if linker is None or linker.value is None or not run.compiles:
            continue
        if (run.target or run.runner) != DEFAULT_LLD_TARGET:
            continue
        version = ci_version(run.toolchain)
        if version is None or version < LLD_DEFAULT_SINCE or not disables_default_lld(linker.value):
            continue
        flags = effective_rustflags(project.configs, run)
        if flags.unknown or any(
            "fuse-ld" in flag or "linker-features" in flag for flag in flags.flags
        ):
            continue
        source = linker.source
        found.setdefault((source.document.path, source.key, source.span), (linker, []))[1].append(
            run
        )
    for linker, runs in found.values():
        yield Violation(
            at=linker.source.at(),
            message=f"`{VARIABLE}: {linker.value}` makes {jobs(runs)} link with the system "
            "linker instead of Rust's default LLD",
            help="add `-C link-arg=-fuse-ld=lld` to "
            "`CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS`, or remove the variable",
            notes=(
                "rustc reads a linker named like gcc or clang as a request for the "
                "system linker (Rust 1.90 and newer use LLD on this target)",
            ),
        )


RULE = Rule(
    code="BL611",
    name="ci-linker-env-disables-lld",
    summary="a CI linker variable turns off the default LLD on x86_64 Linux",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-linker",
)
