"""A `.cargo/config.toml` setting written in `Cargo.toml`, where Cargo ignores it.

## What it does
Reports tables that only mean something in `.cargo/config.toml` (`[build]`, `[unstable]`,
`[alias]`, `[env]`, `[net]`, `[resolver]` and the other config-only tables) and
`linker`/`rustflags`/`runner` keys under `[target.<triple>]` when they are written in a
`Cargo.toml`. In a manifest, `[target.*]` tables only hold dependencies.

## Why is this bad?
Cargo only warns "unused manifest key" and builds without them: the `-Zthreads` flag, the fast
linker or the `jobs` limit the author wrote has no effect.

## Example
```toml
# Cargo.toml
[build]
rustflags = ["-C", "target-cpu=native"]
```

## Use instead
```toml
# .cargo/config.toml
[build]
rustflags = ["-C", "target-cpu=native"]
```

## Trade-offs
Config files apply by the directory Cargo runs in, not by package: a setting in the workspace
root's `.cargo/config.toml` applies to commands run anywhere inside the workspace.

## References
- [The Cargo book: Configuration](https://doc.rust-lang.org/cargo/reference/config.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted, header

# Cargo's TOP_LEVEL_CONFIG_KEYS minus the ones a manifest also has (profile, patch, target).
CONFIG_ONLY_TABLES = (
    "alias",
    "build",
    "cache",
    "cargo-new",
    "credential-alias",
    "doc",
    "env",
    "future-incompat-report",
    "http",
    "install",
    "net",
    "paths",
    "registries",
    "registry",
    "resolver",
    "source",
    "term",
    "unstable",
)
TARGET_CONFIG_KEYS = ("linker", "rustflags", "rustdocflags", "runner", "ar")


def check(project: Project) -> Iterator[Violation]:
    for manifest in (project.manifest, *project.members):
        for table in CONFIG_ONLY_TABLES:
            if table in manifest.data:
                yield Violation(
                    at=At(manifest.path, (table,), "key"),
                    message=f"`[{table}]` has no effect in `Cargo.toml`",
                    help=f"move it to `.cargo/config.toml`, where `{table}` is a Cargo setting",
                )
        targets = manifest.data.get("target")
        for target, table in targets.items() if isinstance(targets, dict) else []:
            for key in TARGET_CONFIG_KEYS:
                if isinstance(table, dict) and key in table:
                    path = ("target", target, key)
                    yield Violation(
                        at=At(manifest.path, path, "key"),
                        message=f"`{dotted(path)}` has no effect in `Cargo.toml`",
                        help=f"move it to `{header(path[:2])}` in `.cargo/config.toml`",
                    )


RULE = Rule(
    code="BL010",
    name="config-key-in-manifest",
    summary="a `.cargo/config.toml` setting written in `Cargo.toml`, where Cargo ignores it",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html",
)
