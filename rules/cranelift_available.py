"""A nightly toolchain whose dev builds still generate code with LLVM.

## What it does
When the toolchain is pinned to a nightly that has the Cranelift component (October 2023 on)
and `[profile.dev]` does not set
`codegen-backend = "cranelift"`, suggests the Cranelift backend with everything it needs: the
`rustc-codegen-cranelift-preview` component, the `codegen-backend` profile key, and the
`codegen-backend` unstable feature.

## Why is this bad?
Code generation is much of a debug build's time, and Cranelift generates unoptimized code
considerably faster than LLVM.

## Example
```toml
# rust-toolchain.toml
[toolchain]
channel = "nightly"
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
Nightly only; the component exists for Linux and macOS on x86_64 and AArch64 and for x86_64
Windows. Generated code is slower (tests run slower), parts of `std::arch` SIMD are missing,
and unwinding is unsupported on Windows and macOS.

## Fix safety
Unsafe: it needs the nightly toolchain's Cranelift component and changes the generated code. No
fix is offered for a one-line `rust-toolchain` file, which cannot list the component, nor for a
config file a workspace on stable may read.

## References
- [The Cargo book: Optimizing Build Performance, alternative codegen backend](https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-codegen-backend)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.versions import CRANELIFT_COMPONENT_SINCE
from cargo_buildlint.diagnostic import Applicability, Edit, Fix, Severity, Violation
from cargo_buildlint.placement import toolchain_anchor
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

COMPONENT = "rustc-codegen-cranelift-preview"
# Where the Cranelift component is shipped (the rule's documentation names them).
CRANELIFT_TARGETS = (
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
)


def build_targets(project: Project) -> list[str]:
    """The triples `build.target` names in the project's config files."""
    found: list[str] = []
    for document in project.configs:
        value = document.get(("build", "target"))
        found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    return found


def check(project: Project) -> Iterator[Violation]:
    at = toolchain_anchor(project)
    pin = project.toolchain_file
    if not project.toolchain.nightly_with(CRANELIFT_COMPONENT_SINCE) or at is None or pin is None:
        return
    built_for = build_targets(project)
    if built_for and not any(t in CRANELIFT_TARGETS for t in built_for):
        return  # `build.target` names only targets Cranelift cannot build for (wasm32, ...)
    if project.profiles.resolve("dev").get("codegen-backend", None) is not None:
        backend = project.profiles.resolve("dev")["codegen-backend"].value
        if backend == "cranelift":
            return
    edits = [Edit(project.manifest.path, ("profile", "dev", "codegen-backend"), "cranelift")]
    features = project.manifest.data.get("cargo-features")
    features = features if isinstance(features, list) else []
    if "codegen-backend" not in features:
        edits.append(
            Edit(project.manifest.path, ("cargo-features",), [*features, "codegen-backend"])
        )
    notes: tuple[str, ...] = (
        "Cranelift is available for Linux and macOS (x86_64, AArch64) and x86_64 Windows",
    )
    if pin.document is not None:
        components = pin.document.get(("toolchain", "components"))
        components = components if isinstance(components, list) else []
        if COMPONENT not in components:
            edits.append(Edit(pin.path, ("toolchain", "components"), [*components, COMPONENT]))
    else:  # without the component the build fails: offer no half of the change
        notes += (
            f"no fix: a one-line `{pin.display}` cannot list components; write the pin as "
            "`rust-toolchain.toml` with `[toolchain] channel` and `components`",
        )
    yield Violation(
        at=at,
        message="dev builds generate code with LLVM; on nightly, Cranelift does it faster",
        help=f'add `"{COMPONENT}"` to the toolchain\'s `components`, '
        '`cargo-features = ["codegen-backend"]` to `Cargo.toml` and '
        '`codegen-backend = "cranelift"` to `[profile.dev]`',
        notes=notes,
        fix=Fix(
            "Build dev with Cranelift", tuple(edits), Applicability.UNSAFE, for_channel="nightly"
        )
        if pin.document is not None
        else None,
    )


RULE = Rule(
    code="BL206",
    name="cranelift-available",
    summary="a nightly toolchain and dev code generation with LLVM",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#use-an-alternative-codegen-backend",
    fixes=frozenset({Applicability.UNSAFE}),
)
