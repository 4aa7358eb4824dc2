"""`-Zthreads` above 8, or 0.

## What it does
Reports `-Zthreads=N` or `--jobs-frontend=N` (the nightly 1.99 spelling) in any rustflags of
`.cargo/config.toml` with N above 8, or N = 0 (which means one thread per core).

## Why is this bad?
The parallel frontend's gains flatten out beyond 8 threads while memory use keeps growing,
and Cargo already runs several rustc processes at once: on a many-core machine `0` or `32`
can make builds slower or run out of memory.

## Example
```toml
[build]
rustflags = ["-Zthreads=0"]
```

## Use instead
```toml
[build]
rustflags = ["-Zthreads=8"]
```

## Trade-offs
A machine with many cores and much memory building one huge crate may gain a little from
more threads; measure before raising it.

## Fix safety
Safe: only the number of frontend threads changes.

## References
- [The Cargo book: Optimizing Build Performance, parallel frontend](https://doc.rust-lang.org/cargo/guide/build-performance.html#enable-the-experimental-parallel-frontend)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.targets import every_rustflags, flags_of, frontend_threads
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted

MAX_THREADS = 8


def check(project: Project) -> Iterator[Violation]:
    for value in every_rustflags(project.configs):
        flags = flags_of(value.value)
        for found in frontend_threads(flags):
            if 0 < found.threads <= MAX_THREADS:
                continue
            wanted = found.spelled(MAX_THREADS)
            replaced = list(flags)
            replaced[found.position : found.position + found.width] = wanted
            # one thread count is enough: a later fix may have added the wanted one already
            replaced = [
                f for i, f in enumerate(replaced) if f != wanted[0] or replaced.index(f) == i
            ]
            meaning = "one thread per core" if found.threads == 0 else f"{found.threads} threads"
            yield Violation(
                at=At(value.document.path, value.key),
                message=f"`{found.text}` in `{dotted(value.key)}` asks for {meaning}",
                help=f"use `{wanted[0]}`: more threads gain little and cost memory",
                fix=Fix(f"Use `{wanted[0]}`", (Edit(value.document.path, value.key, replaced),)),
            )


RULE = Rule(
    code="BL402",
    name="excessive-frontend-threads",
    summary="`-Zthreads` or `--jobs-frontend` above 8, or 0 (all cores)",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#enable-the-experimental-parallel-frontend",
    fixes=frozenset({Applicability.SAFE}),
)
