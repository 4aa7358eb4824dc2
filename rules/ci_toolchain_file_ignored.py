"""A CI job installs another toolchain than the repository's toolchain file pins.

## What it does
When the repository pins a toolchain (`rust-toolchain.toml` or `rust-toolchain`), finds jobs
that install a different literal toolchain (`dtolnay/rust-toolchain@stable`, `rustup default`,
`actions-rust-lang/setup-rust-toolchain` with `toolchain:`) and run cargo without `+toolchain`
or `RUSTUP_TOOLCHAIN`.

## Why is this bad?
rustup obeys the toolchain file over `rustup default`: the job downloads a toolchain nobody
uses, then the pinned one on the first cargo command. A `rustup override` (what
setup-rust-toolchain does) wins over the file instead, so CI tests another compiler than the
one the project pins, and a cache keyed on the toolchain file is keyed wrong.

## Example
```yaml
# rust-toolchain.toml pins channel = "1.85"
- uses: dtolnay/rust-toolchain@stable
- run: cargo test
```

## Use instead
```yaml
- run: rustup show  # installs what rust-toolchain.toml pins
- run: cargo test
```

## Trade-offs
A job that deliberately tests another toolchain should say so with `cargo +<toolchain>` or
`RUSTUP_TOOLCHAIN`, which the rule accepts. A job that runs the project's task runner (an
alias of `cargo run`, such as `cargo xtask`) is left alone: running cargo is its job, maybe on
that toolchain.
buildlint does not rewrite workflow files.

## References
- [The rustup book: Overrides](https://rust-lang.github.io/rustup/overrides.html)
- [The Cargo book: Continuous Integration](https://doc.rust-lang.org/cargo/guide/continuous-integration.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toolchain import Toolchain


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    pin = project.toolchain_file
    if pin is None or pin.toolchain.spec is None:
        return
    mine = set(project.ci_runs)
    for job in project.ci_jobs:
        runs = [run for run in job.runs if run in mine and run.compiles]
        for choice in job.toolchains:
            if choice.spec is None or choice.source is None or choice.mode == "install":
                continue
            chosen = Toolchain.from_spec(choice.spec)
            if (chosen.channel, chosen.version) == (pin.toolchain.channel, pin.toolchain.version):
                continue
            # an alias of `cargo run` (`cargo xtask`) runs the project's task runner, whose
            # job is to run cargo, maybe on that toolchain (ratatui's runs `cargo +nightly fmt`)
            used = any(
                run.toolchain_reason == f"`+{choice.spec}`"
                or (run.alias is not None and run.subcommand in ("run", "r"))
                for run in job.runs
            )
            if (
                choice.mode == "default"
                and not used
                and any(run.toolchain_reason == "the toolchain file" for run in runs)
            ):
                yield Violation(
                    at=choice.source.at(),
                    message=f"job `{job.label}` installs `{choice.spec}`, but cargo uses "
                    f"`{pin.toolchain.spec}` from `{pin.display}`: two toolchains are "
                    "downloaded and one is never used",
                    help="remove this toolchain step (rustup installs the pinned toolchain on "
                    f"the first cargo command), or run `cargo +{choice.spec}` if the job means "
                    "to test it",
                )
            elif choice.mode == "override" and any(
                run.toolchain_reason == "a `rustup override`" for run in runs
            ):
                yield Violation(
                    at=choice.source.at(),
                    message=f"job `{job.label}` builds with `{choice.spec}`, not with "
                    f"`{pin.toolchain.spec}` that `{pin.display}` pins",
                    help="remove the `toolchain` input so that the pinned toolchain is used, or "
                    f"run `cargo +{choice.spec}` if the job means to test another toolchain",
                )


RULE = Rule(
    code="BL607",
    name="ci-toolchain-file-ignored",
    summary="a CI job installs another toolchain than the toolchain file pins",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/continuous-integration.html",
)
