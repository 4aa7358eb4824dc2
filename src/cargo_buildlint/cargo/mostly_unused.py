"""Crates that gain most from `hint-mostly-unused`: huge, generated APIs of which a project uses
a sliver, so deferring their code generation to the functions used saves most of their build.
Each entry is measured (the call for testing, Inside Rust 2025-07-15, and the linked PRs);
candidates nobody measured (google-cloud-*, octorust) stay out."""

from __future__ import annotations

from typing import NamedTuple


class MostlyUnused(NamedTuple):  # defined at every start: cheaper than a dataclass
    name: str  # a crate name, or a prefix ending in `-` for a family (`aws-sdk-`)
    win: str  # what was measured, with its source


MOSTLY_UNUSED = (
    MostlyUnused("aws-sdk-", "aws-sdk-ec2 release build 124.1 s -> 59.1 s (smithy-rs#4243)"),
    MostlyUnused(
        "windows", "all Graphics/UI features 18.3 s -> 10.7 s, -42 % (microsoft/windows-rs#3660)"
    ),
    MostlyUnused("x11rb-protocol", "x11rb 5.3 s -> 2.6 s, -51 % (psychon/x11rb#959)"),
    MostlyUnused("k8s-openapi", "about 10 s -> 0.2 s (Arnavion/k8s-openapi#167)"),
    MostlyUnused("rustix", "with all-apis 5.9 s -> 4.3 s (bytecodealliance/rustix#1491)"),
    MostlyUnused("ash", "-8 % (ash-rs/ash#1004)"),
)


def mostly_unused(crate: str) -> MostlyUnused | None:
    return next(
        (
            entry
            for entry in MOSTLY_UNUSED
            if crate == entry.name or (entry.name.endswith("-") and crate.startswith(entry.name))
        ),
        None,
    )
