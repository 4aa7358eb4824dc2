"""Version gates: the first Cargo or rustc release with each behaviour buildlint's checks rely
on, in one table with where each fact comes from. Nightly gates are the first nightly that has
the feature (nightly reports the version two releases ahead of stable)."""

from __future__ import annotations

from dataclasses import dataclass

from ..toolchain import Toolchain, Version


@dataclass(frozen=True)
class Since:
    """The Cargo version a behaviour arrived in, and where the reference says so."""

    version: Version
    what: str
    reference: str


SINCE = (
    Since((1, 71), "named `debug` levels (`line-tables-only`, ...)", "reference 2.2"),
    Since((1, 75), "the `rustc-codegen-cranelift-preview` component (nightly)", "reference 7"),
    Since((1, 76), "the parallel frontend built into nightly rustc", "reference 7"),
    Since((1, 99), "`--jobs-frontend=N` with `-Zunstable-options` (nightly)", "rust#159675"),
    Since((1, 100), "`trim-paths` only as `none`, `object` or `all` (nightly)", "cargo#17432"),
    Since((1, 77), "an unset `strip` resolves to `debuginfo` without debug info", "#13257"),
    Since((1, 86), "`-Zfeature-unification` (nightly)", "reference 7"),
    Since((1, 90), "rust-lld as the default linker on x86_64-unknown-linux-gnu", "reference 4.2"),
    Since((1, 85), "rustflags variants kept side by side in `target/`", "cargo#14830"),
    Since((1, 97), "`build.warnings` (stable)", "cargo#16796, changelog 1.97"),
    Since((1, 99), "`debug` as a built-in profile name", "cargo-since-august-2026"),
    Since((1, 100), "Cargo lints (`[lints.cargo]`) stable", "cargo#17298, changelog 1.100"),
    Since((1, 99), "inherited `default-features = false` (edition 2024)", "cargo#17126"),
    Since((1, 99), "incremental off by default where `CI` is set", "cargo#17220, changelog 1.99"),
)
# The Cargo releases people run, which judge a project that pins no version (reviewed
# 2026-11-29). The newest is the current stable (1.100, 2026-11-12). The oldest still in common
# use is 1.85: the rustc of Debian 13, the oldest current stable distribution that packages a
# Rust toolchain, and the first release of edition 2024, below which most crates' MSRV policies
# do not go. Review both with every stable release.
OLDEST_IN_USE: Version = (1, 85)
CURRENT_STABLE: Version = (1, 100)
RANGE_REVIEWED = "2026-11-29"


@dataclass(frozen=True)
class CargoRange:
    """The Cargo versions a project must build with: one when a toolchain file pins it, from
    the lowest `rust-version` (or the oldest in common use) to the current stable otherwise."""

    low: Version
    high: Version
    pinned: bool = False  # by a toolchain file

    def all_at_least(self, version: Version) -> bool:
        return self.low >= version

    def none_at_least(self, version: Version) -> bool:
        return self.high < version

    def refused_below(self, version: Version) -> str:
        """`Cargo 1.98 and older`, for messages about the versions in the range below one."""
        return f"Cargo {version[0]}.{version[1] - 1} and older"


def version_today(toolchain: Toolchain) -> Version | None:
    """The version a toolchain names: its pin, else what its channel is today (an undated
    `nightly` is two ahead of the current stable); None for a channel of unknown age."""
    if toolchain.version is not None:
        return toolchain.version
    ahead = {"stable": 0, "beta": 1, "nightly": 2}.get(toolchain.channel)
    return None if ahead is None else (CURRENT_STABLE[0], CURRENT_STABLE[1] + ahead)


def cargo_range(toolchain: Toolchain, rust_versions: list[Version]) -> CargoRange:
    """What a project's toolchain file and `rust-version`s say about the Cargo that builds it.
    A toolchain file naming `stable` pins nothing: each developer's stable may be older."""
    today = version_today(toolchain) if toolchain.channel != "stable" else toolchain.version
    if today is not None:
        return CargoRange(today, today, pinned=True)
    low = min(rust_versions) if rust_versions else OLDEST_IN_USE
    return CargoRange(low, max(low, CURRENT_STABLE))


def _since(what: str) -> Version:
    return next(entry.version for entry in SINCE if entry.what.startswith(what))


NAMED_DEBUG_SINCE = _since("named `debug` levels")
CRANELIFT_COMPONENT_SINCE = _since("the `rustc-codegen-cranelift-preview`")
PARALLEL_FRONTEND_SINCE = _since("the parallel frontend")
JOBS_FRONTEND_SINCE = _since("`--jobs-frontend=N`")
NARROW_TRIM_PATHS_SINCE = _since("`trim-paths` only as")
STRIP_DEBUGINFO_SINCE = _since("an unset `strip`")
FEATURE_UNIFICATION_SINCE = _since("`-Zfeature-unification`")
LLD_DEFAULT_SINCE = _since("rust-lld as the default linker")
DEBUG_PROFILE_SINCE = _since("`debug` as a built-in profile")
CARGO_LINTS_SINCE = _since("Cargo lints")
INHERITED_DEFAULT_FEATURES_SINCE = _since("inherited `default-features")
BUILD_WARNINGS_SINCE = _since("`build.warnings`")
INCREMENTAL_OFF_IN_CI_SINCE = _since("incremental off by default")
