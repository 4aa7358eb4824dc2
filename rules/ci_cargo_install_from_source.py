"""`cargo install` in a CI script compiles a tool on every run.

## What it does
Finds `cargo install <crate>` in the `run:` scripts of CI jobs (not `--path` installs of the
project itself) in jobs that do not restore `~/.cargo/bin` from a cache.

## Why is this bad?
`cargo install` compiles the tool and all its dependencies from source, minutes for tools
like `cargo-nextest`, `mdbook` or `cargo-outdated`, on every run. Most tools publish prebuilt
binaries: `taiki-e/install-action` downloads them with checksums in seconds (and falls back
to `cargo binstall`, then `cargo install`, for the rest).

## Example
```yaml
- run: cargo install cargo-nextest --locked
```

## Use instead
```yaml
- uses: taiki-e/install-action@v2
  with:
    tool: cargo-nextest
```

## Trade-offs
A tool with no prebuilt binary for the runner still compiles (install-action falls back to
`cargo install`). A job whose `~/.cargo/bin` is cached (rust-cache does so by default) keeps
the tool between runs and is left alone, and so is a `cargo install --root DIR` whose `DIR` an
`actions/cache` step restores. A pinned version (`--version`) stays pinned in the suggestion
(`tool@version`, a `$VARIABLE` as `${{ env.VARIABLE }}`); an install from a git repository
(`--git`) or with chosen features (`--features`, `--no-default-features`) is pointed at a cache
instead, since no prebuilt binary exists for a revision or for other features.
buildlint does not rewrite workflow files.

## References
- [The Cargo book: cargo install](https://doc.rust-lang.org/cargo/commands/cargo-install.html)
- [taiki-e/install-action](https://github.com/taiki-e/install-action)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import Install


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import listing

    for job in project.ci_jobs:
        if job.caches_tools:
            continue
        for install in job.installs:
            root = "".join(install.root.split()) if install.root else None
            if root and any(root in "".join(path.split()) for path in job.cache_paths):
                continue  # installed into a directory a cache restores
            yield Violation(
                at=install.source.at(),
                message=f"`cargo install` compiles {listing(install.crates)} from source on "
                f"every run of job `{job.label}`",
                help=_help(install),
            )


def _help(install: Install) -> str:
    if install.git or install.chooses_features:
        why = (
            "a git revision has no prebuilt binary"
            if install.git
            else "a prebuilt binary has the default features"
        )
        return (
            "cache the tool: install it with `--root DIR` and restore `DIR` with an "
            f"`actions/cache` step keyed on what it installs ({why})"
        )
    # install-action and binstall take the version as `tool@version`; a workflow reads a
    # variable of the step's environment as `${{ env.NAME }}`, one the script sets not at all
    shell = install.version.strip().strip("\"'").lstrip("=") if install.version else None
    variable = re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", shell) if shell else None
    if variable is None:
        workflow = shell
    else:
        workflow = f"${{{{ env.{variable[1]} }}}}" if variable[1] in install.step.env else None
    pinned = [f"{crate}@{workflow}" if workflow else crate for crate in install.crates]
    commands = [f"{crate}@{shell}" if shell else crate for crate in install.crates]
    return (
        f"install a prebuilt binary: `uses: taiki-e/install-action@v2` with "
        f"`tool: {','.join(pinned)}`, or `cargo binstall {' '.join(commands)}`"
    )


RULE = Rule(
    code="BL606",
    name="ci-cargo-install-from-source",
    summary="`cargo install` in CI compiles a tool from source on every run",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/commands/cargo-install.html",
)
