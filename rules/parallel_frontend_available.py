"""A nightly toolchain without the parallel compiler frontend.

## What it does
When the toolchain is pinned to a nightly from late 2023 on and no rustflags in
`.cargo/config.toml` set a thread count, suggests 8 threads in the spelling the pinned nightly
accepts: `-Zunstable-options --jobs-frontend=8` from nightly 1.99 (August 2026, where
`-Zthreads` became a deprecated alias), `-Zthreads=8` before. Either spelling counts as set.

## Why is this bad?
rustc's frontend (parsing, type checking, borrow checking: all of `cargo check`) runs on one
thread by default. On nightly it can use several, which shortens `cargo check` and
`cargo build` of large crates.

## Example
```toml
# rust-toolchain.toml
[toolchain]
channel = "nightly"
```

## Use instead
```toml
# .cargo/config.toml
[build]
rustflags = ["-Zthreads=8"]
```

## Trade-offs
Nightly only, and still experimental (rust-lang/rust#113349): more memory, and returns
diminish beyond 8 threads. The threads need spare cores: on a 2-core machine,
`buildlint measure` found bat's clean build 1.20x slower with 8 threads and 1.17x slower with
2 (the core count), and `cargo check` 1.13x slower with 8; no workflow got faster (README,
"Measuring what the fixes buy"). With fewer than 8 cores, measure first (`buildlint measure
--configurations all`). If a `[target.*]` table sets rustflags, `build.rustflags` is ignored
on that target (BL304), so the flag goes into every such table too.

## Fix safety
Unsafe: it needs nightly, and on machines with few cores the parallel frontend can be slower:
measure first. No fix is offered for a config file a workspace on stable may read.

## References
- [The Cargo book: Optimizing Build Performance, parallel frontend](https://doc.rust-lang.org/cargo/guide/build-performance.html#enable-the-experimental-parallel-frontend)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.targets import (
    all_flags,
    build_rustflags,
    every_rustflags,
    flags_of,
    frontend_flags,
    frontend_threads,
    own_flags,
)
from cargo_buildlint.cargo.versions import JOBS_FRONTEND_SINCE, PARALLEL_FRONTEND_SINCE
from cargo_buildlint.diagnostic import Applicability, Edit, Fix, Severity, Violation
from cargo_buildlint.placement import config_path, toolchain_anchor
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

THREADS = 8


def check(project: Project) -> Iterator[Violation]:
    at = toolchain_anchor(project)
    if not project.toolchain.nightly_with(PARALLEL_FRONTEND_SINCE) or at is None:
        return
    if any(frontend_threads(flags_of(value.value)) for value in every_rustflags(project.configs)):
        return
    # the spelling the pinned nightly accepts: `--jobs-frontend` from 1.99, `-Zthreads` before
    new_spelling = project.toolchain.nightly_with(JOBS_FRONTEND_SINCE)
    wanted = frontend_flags(THREADS, new_spelling)
    shown = " ".join(wanted)
    listed = " and ".join(f'`"{flag}"`' for flag in wanted)
    # The flag goes where Cargo reads it: into every target table that sets rustflags (each
    # shadows `build` on its targets, whichever they are), and into `build.rustflags`.
    tables = {
        (value.document.path, value.key[:2]): (value.document, value.key[:2])
        for value in every_rustflags(project.configs)
        if value.key[0] == "target"
    }
    edits = [
        Edit(document.path, (*table, "rustflags"), [*own_flags(document, table), *wanted])
        for document, table in tables.values()
    ]
    build = build_rustflags(project.configs)
    edits.append(
        Edit(
            build[0].document.path if build else config_path(project),
            ("build", "rustflags"),
            [*all_flags(build[:1]), *wanted],
        )
    )
    shadowing = bool(tables)
    yield Violation(
        at=at,
        message="the nightly toolchain can run the compiler frontend on several threads",
        help=f"add {listed} to `rustflags` under `[build]` in `.cargo/config.toml`"
        + (" and to the `[target.*]` tables that set `rustflags`" if shadowing else ""),
        notes=(
            *(
                (
                    "nightlies from 1.99 (2026-08) spell it `--jobs-frontend`, with `-Zthreads` a "
                    "deprecated alias that older nightlies need",
                )
                if new_spelling
                else ()
            ),
            f"the threads need spare cores: below {THREADS} cores, measure first (`buildlint "
            "measure --configurations all`): on 2 cores, 8 threads made a clean build of bat "
            "1.20x slower, and 2 threads 1.17x",
        ),
        fix=Fix(
            f"Add `{shown}` to rustflags", tuple(edits), Applicability.UNSAFE, for_channel="nightly"
        ),
    )


RULE = Rule(
    code="BL401",
    name="parallel-frontend-available",
    summary="a nightly toolchain without a thread count for the parallel frontend",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#enable-the-experimental-parallel-frontend",
    fixes=frozenset({Applicability.UNSAFE}),
)
