"""An unstable Cargo or rustc setting without the opt-in or the nightly toolchain it needs.

## What it does
Finds the profile settings that Cargo gates behind unstable features (`codegen-backend`,
`rustflags`, `trim-paths`, `panic = "immediate-abort"`), in the manifest and in config files,
including `package` and `build-override` tables. On a toolchain pinned to nightly they need
`cargo-features = [...]` in `Cargo.toml` or the matching key under `[unstable]` in
`.cargo/config.toml`. Without a nightly pin, Cargo runs on the stable channel, where they, any
`cargo-features`, and `-Z` flags in `rustflags` are refused whatever the opt-in.

## Why is this bad?
Cargo refuses to load a manifest with a gated key it was not told to accept, and stable Cargo
refuses `cargo-features` outright; rustc on stable refuses every `-Z` flag. The build fails on
every machine that does not happen to use nightly.

## Example
```toml
[profile.dev]
codegen-backend = "cranelift"
```

## Use instead
```toml
# rust-toolchain.toml
[toolchain]
channel = "nightly"
components = ["rustc-codegen-cranelift-preview"]
```
```toml
# Cargo.toml
cargo-features = ["codegen-backend"]

[profile.dev]
codegen-backend = "cranelift"
```

## Trade-offs
Pinning nightly makes every contributor and CI build with nightly. To try a nightly-only
setting alone, put it in your own `$CARGO_HOME/config.toml` and run `cargo +nightly`.

## References
- [The Cargo book: Unstable features](https://doc.rust-lang.org/nightly/cargo/reference/unstable.html)
- [The Cargo book: Optimizing Build Performance](https://doc.rust-lang.org/cargo/guide/build-performance.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.targets import UNSTABLE_RUSTC_OPTIONS, every_rustflags, flags_of
from cargo_buildlint.diagnostic import At, KeyPath, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.source import TomlDocument
from cargo_buildlint.toml_text import dotted, header

GATED_KEYS = {
    "codegen-backend": "codegen-backend",
    "rustflags": "profile-rustflags",
    "trim-paths": "trim-paths",
}
PIN_NIGHTLY = 'pin nightly in `rust-toolchain.toml` (`[toolchain] channel = "nightly"`)'


def _gated(project: Project) -> Iterator[tuple[TomlDocument, KeyPath, str, str]]:
    """(document, key, what, feature) for every gated setting."""
    for table in project.profile_tables:
        # the profile table and each override table in it: Cargo checks gates in all of them
        for section in table.sections():
            prefix, layer = section.key, section.raw
            for key, feature in GATED_KEYS.items():
                if key in layer:
                    yield table.document, (*prefix, key), f"`{key}`", feature
            if layer.get("panic") == "immediate-abort":
                yield (
                    table.document,
                    (*prefix, "panic"),
                    '`panic = "immediate-abort"`',
                    "panic-immediate-abort",
                )


def _channel_note(project: Project) -> str:
    pin = project.toolchain_file
    if pin is None:
        return "no `rust-toolchain.toml` pins nightly, so Cargo runs on the stable channel"
    return f"`{pin.display}` pins `{pin.toolchain.spec}`, which is not nightly"


def check(project: Project) -> Iterator[Violation]:
    nightly = project.toolchain.is_nightly
    opted_in = project.unstable_opt_ins
    for document, key, what, feature in _gated(project):
        if not nightly:
            yield Violation(
                at=At(document.path, key, "key"),
                message=f"{what} in `{header(key[:-1])}` needs nightly Cargo",
                help=f"remove it, or {PIN_NIGHTLY} and add "
                f'`cargo-features = ["{feature}"]` to `Cargo.toml`',
                notes=(_channel_note(project),),
            )
        elif feature not in opted_in:
            yield Violation(
                at=At(document.path, key, "key"),
                message=f"{what} in `{header(key[:-1])}` needs the unstable `{feature}` feature",
                help=f'add `cargo-features = ["{feature}"]` at the top of `Cargo.toml`, or '
                f"`{feature} = true` under `[unstable]` in `.cargo/config.toml`",
            )
    if nightly:
        return
    for document in (project.manifest, *project.members):
        if "cargo-features" in document.data:
            yield Violation(
                at=At(document.path, ("cargo-features",), "key"),
                message="`cargo-features` needs nightly Cargo",
                help=f"remove it, or {PIN_NIGHTLY}",
                notes=(_channel_note(project),),
            )
    for value in every_rustflags(project.configs):
        if value.key[0] == "profile":
            continue  # profile `rustflags` are gated themselves, reported above
        document, key, flags = value.document, value.key, flags_of(value.value)
        unstable = [
            flag if flag != "-Z" else " ".join(flags[index : index + 2])
            for index, flag in enumerate(flags)
            if flag.startswith(UNSTABLE_RUSTC_OPTIONS)
        ]
        if unstable:
            yield Violation(
                at=At(document.path, key),
                message=f"`{unstable[0]}` in `{dotted(key)}` needs a nightly rustc",
                help=f"remove it, or {PIN_NIGHTLY}",
                notes=(_channel_note(project),),
            )


RULE = Rule(
    code="BL007",
    name="unstable-setting-without-opt-in",
    summary="an unstable setting without `cargo-features`/`[unstable]`, or without nightly",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/nightly/cargo/reference/unstable.html",
)
