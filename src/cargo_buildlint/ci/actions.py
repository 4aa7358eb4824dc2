"""What well-known GitHub Actions do that matters to Cargo: the variables they export, the
caches they keep, the toolchains they install, and the cargo commands they run. Each entry
was read from the action's `action.yml` and sources (`../shared/reference/ci-environment.md`
section b names the commits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Export:
    name: str
    value: str
    input: str | None = None  # the input that replaces the value; empty input: nothing set
    only_if_unset: bool = True  # `[[ ! -v NAME ]]` in the action


@dataclass(frozen=True)
class ActionFacts:
    exports: tuple[Export, ...] = ()
    caches: bool = False  # keeps Cargo's registry and dependency builds between runs
    cache_input: str | None = None  # an input that turns the cache off when "false"
    caches_tools: bool = False  # restores `~/.cargo/bin` (input `cache-bin` turns it off)
    # how it selects the toolchain: "default" (`rustup default`), "override" (`rustup override`)
    toolchain_mode: str | None = None
    toolchain_input: str | None = None
    toolchain_from_ref: bool = False  # `@stable`, `@nightly`, `@1.80`: the ref is the toolchain
    runs_cargo: bool = False  # `with: command` / `args`


SETUP_RUST_TOOLCHAIN = "actions-rust-lang/setup-rust-toolchain"

KNOWN: Mapping[str, ActionFacts] = {
    SETUP_RUST_TOOLCHAIN: ActionFacts(
        exports=(
            Export("CARGO_INCREMENTAL", "0"),
            Export("CARGO_PROFILE_DEV_DEBUG", "0"),
            Export("RUSTFLAGS", "-D warnings", input="rustflags"),
        ),
        caches=True,
        cache_input="cache",
        caches_tools=True,
        toolchain_mode="override",
        toolchain_input="toolchain",
    ),
    "swatinem/rust-cache": ActionFacts(
        exports=(Export("CARGO_INCREMENTAL", "0"),), caches=True, caches_tools=True
    ),
    "dtolnay/rust-toolchain": ActionFacts(
        exports=(Export("CARGO_INCREMENTAL", "0"),),
        toolchain_mode="default",
        toolchain_input="toolchain",
        toolchain_from_ref=True,
    ),
    "actions-rs/toolchain": ActionFacts(toolchain_mode="default", toolchain_input="toolchain"),
    "actions-rs/cargo": ActionFacts(runs_cargo=True),
    "actions-rs/clippy-check": ActionFacts(runs_cargo=True),
    "mozilla-actions/sccache-action": ActionFacts(caches=True),
    "leafwing-studios/cargo-cache": ActionFacts(caches=True),
    "ubicloud/rust-cache": ActionFacts(caches=True, caches_tools=True),
    "useblacksmith/rust-cache": ActionFacts(caches=True, caches_tools=True),
    "hendrikmaus/custom-cache-action": ActionFacts(caches=True),
    "buildjet/cache": ActionFacts(caches=True),
    "moonrepo/setup-rust": ActionFacts(caches=True, cache_input="cache"),
}
# `actions/cache` keeps whatever its `path` names: a cache for Cargo when it names these.
GENERIC_CACHES = ("actions/cache", "actions/cache/restore", "buildjet/cache", "runs-on/cache")
CARGO_CACHE_PATHS = (".cargo", "target", "cargo", "sccache")
# Installers of prebuilt tools, to suggest instead of `cargo install`.
PREBUILT_INSTALLER = "taiki-e/install-action"


@dataclass(frozen=True)
class UsesRef:
    name: str  # lowercase owner/repo[/path]
    ref: str | None
    local: bool = False
    written: str = field(default="", compare=False)


def parse_uses(text: str) -> UsesRef:
    text = text.strip()
    if text.startswith("./"):
        return UsesRef(text, None, True, text)
    name, _, ref = text.partition("@")
    return UsesRef(name.lower().rstrip("/"), ref or None, False, text)


def facts_for(uses: UsesRef) -> ActionFacts | None:
    return KNOWN.get(uses.name)


def is_generic_cache(uses: UsesRef) -> bool:
    return uses.name in GENERIC_CACHES
