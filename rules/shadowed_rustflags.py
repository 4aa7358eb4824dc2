"""`build.rustflags` silently ignored because a `[target.*]` table sets rustflags too.

## What it does
Finds `build.rustflags` in a `.cargo/config.toml` while a `[target.<triple>]` or
`[target.'cfg(...)']` table with `rustflags` applies to one of the common targets (x86_64 and
aarch64 Linux, both macOS, x86_64 Windows) and lacks some of `build.rustflags`' flags.

## Why is this bad?
Cargo takes rustflags from the first source that has any: target tables come before
`build.rustflags`, so on that target the build flags are dropped without a word. The guide's
own parallel-frontend (`-Zthreads=8`) and linker recipes clash exactly like this.

## Example
```toml
[build]
rustflags = ["-Zthreads=8"]

[target.'cfg(target_os = "linux")']
rustflags = ["-C", "link-arg=-fuse-ld=mold"]
```

## Use instead
```toml
[target.'cfg(target_os = "linux")']
rustflags = ["-C", "link-arg=-fuse-ld=mold", "-Zthreads=8"]
```

## Trade-offs
None: the flags were meant to apply. `RUSTFLAGS` in the environment (often set in CI)
replaces all of them, target and build alike.

## Fix safety
Unsafe: the target then builds with flags it did not get before (as whole rustc options).

## References
- [The Cargo book: Configuration, build.rustflags](https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags)
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from cargo_buildlint.cargo.targets import (
    COMMON_TARGETS,
    DEFAULT_LLD_TARGET,
    UNSTABLE_RUSTC_OPTIONS,
    all_flags,
    build_rustflags,
    fast_linker,
    first_target_table,
    flag_units,
    own_flags,
    target_rustflags,
)
from cargo_buildlint.cargo.versions import LLD_DEFAULT_SINCE
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, KeyPath, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.source import TomlDocument
from cargo_buildlint.toml_text import dotted


def check(project: Project) -> Iterator[Violation]:
    build = build_rustflags(project.configs)
    if not build:
        return
    wanted = flag_units(all_flags(build))
    if not project.toolchain.is_nightly:
        # `-Z` options, and what needs `-Zunstable-options`, fail on stable (BL007 says so):
        # copying them would spread the error
        wanted = [unit for unit in wanted if not unit[0].startswith(UNSTABLE_RUSTC_OPTIONS)]
    default_lld = project.toolchain.at_least(LLD_DEFAULT_SINCE)
    # Per target, the flags lost; each is added once, to the target's first matching table.
    groups: dict[tuple[Path, KeyPath], tuple[TomlDocument, list[str], list[tuple[str, ...]]]] = {}
    for triple in COMMON_TARGETS:
        joined = flag_units(all_flags(target_rustflags(project.configs, triple)))
        missing = [unit for unit in wanted if unit not in joined]
        if triple == DEFAULT_LLD_TARGET and default_lld:
            # lld is this target's linker anyway: not a loss, and BL303 would remove it
            missing = [unit for unit in missing if fast_linker([unit[-1]], None) != "lld"]
        place = first_target_table(project.configs, triple)
        if not missing or place is None:
            continue
        document, table = place
        _, triples, lost = groups.setdefault((document.path, table), (document, [], []))
        triples.append(triple)
        lost += [unit for unit in missing if unit not in lost]
    for (_, table), (document, triples, lost) in groups.items():
        key = (*table, "rustflags")
        yield Violation(
            at=At(build[0].document.path, build[0].key),
            message=f"`build.rustflags` is ignored on `{triples[0]}`"
            + (f" and {len(triples) - 1} more" if len(triples) > 1 else "")
            + f": `{dotted(key)}` applies there instead",
            help=f"add the flags of `build.rustflags` to `{dotted(key)}` too",
            notes=("Cargo reads rustflags from target tables, and only without them from `build`",),
            fix=Fix(
                f"Copy `build.rustflags` into `{dotted(key)}`",
                (Edit(document.path, key, [*own_flags(document, table), *chain(*lost)]),),
                Applicability.UNSAFE,
            ),
        )


RULE = Rule(
    code="BL304",
    name="shadowed-rustflags",
    summary="`build.rustflags` is ignored where a `[target]` table also sets rustflags",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags",
    fixes=frozenset({Applicability.UNSAFE}),
)
