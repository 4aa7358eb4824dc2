"""Version gates: the first Cargo or rustc release with each behaviour buildlint's checks rely
on, in one table with where each fact comes from. Nightly gates are the first nightly that has
the feature (nightly reports the version two releases ahead of stable)."""

from __future__ import annotations

from dataclasses import dataclass

from ..toolchain import Version


@dataclass(frozen=True)
class Since:
    version: Version
    what: str
    reference: str


SINCE = (
    Since((1, 71), "named `debug` levels (`line-tables-only`, ...)", "reference 2.2"),
    Since((1, 75), "the `rustc-codegen-cranelift-preview` component (nightly)", "reference 7"),
    Since((1, 76), "the parallel frontend built into nightly rustc", "reference 7"),
    Since((1, 77), "an unset `strip` resolves to `debuginfo` without debug info", "#13257"),
    Since((1, 86), "`-Zfeature-unification` (nightly)", "reference 7"),
    Since((1, 90), "rust-lld as the default linker on x86_64-unknown-linux-gnu", "reference 4.2"),
    Since((1, 85), "rustflags variants kept side by side in `target/`", "cargo#14830"),
    Since((1, 97), "`build.warnings` (stable)", "cargo#16796, changelog 1.97"),
    Since((1, 99), "`debug` as a built-in profile name", "cargo-since-august-2026"),
    Since((1, 99), "incremental off by default where `CI` is set", "cargo#17220, changelog 1.99"),
)
# The newest stable release, for CI jobs that install `stable` (reviewed 2026-11-29).
CURRENT_STABLE: Version = (1, 100)


def _since(what: str) -> Version:
    return next(entry.version for entry in SINCE if entry.what.startswith(what))


NAMED_DEBUG_SINCE = _since("named `debug` levels")
CRANELIFT_COMPONENT_SINCE = _since("the `rustc-codegen-cranelift-preview`")
PARALLEL_FRONTEND_SINCE = _since("the parallel frontend")
STRIP_DEBUGINFO_SINCE = _since("an unset `strip`")
FEATURE_UNIFICATION_SINCE = _since("`-Zfeature-unification`")
LLD_DEFAULT_SINCE = _since("rust-lld as the default linker")
DEBUG_PROFILE_SINCE = _since("`debug` as a built-in profile")
BUILD_WARNINGS_SINCE = _since("`build.warnings`")
INCREMENTAL_OFF_IN_CI_SINCE = _since("incremental off by default")
