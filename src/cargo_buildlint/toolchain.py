"""Which Cargo builds the project: the toolchain pin and `rust-version` (reference 4.9, 5).

Version-dependent checks must hold for every Cargo the project claims to build with: the
pinned one, or the range from the lowest `rust-version` (else the oldest release in common
use) to the current stable (`cargo/versions.py`, `cargo_range`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

Version = tuple[int, int]
Channel = Literal["stable", "beta", "nightly", "unknown"]

# Rust releases every six weeks; 1.0 shipped on 2015-05-15 and 1.98 on 2026-08-20.
_FIRST_RELEASE = datetime.date(2015, 5, 14)
_CYCLE = datetime.timedelta(weeks=6)

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.\d+)?(?:-|$)")
_DATED = re.compile(r"^(stable|beta|nightly)(?:-(\d{4})-(\d{2})-(\d{2}))?(?:-|$)")


def stable_release_date(version: Version) -> datetime.date:
    return _FIRST_RELEASE + _CYCLE * version[1]


# The first nightly of a cycle with every behaviour buildlint gates at that version
# (cargo/versions.py) that arrived in the middle of the cycle: an earlier nightly of the cycle
# counts as the version before. 1.99: `--jobs-frontend` (rust#159675, in the 2026-08-07
# nightly) and the built-in `debug` profile (cargo#17214, merged 2026-08-07); 1.100:
# `trim-paths` narrowed to `none`, `object` and `all` (cargo#17432, merged 2026-09-03).
_NIGHTLY_HAS_ALL: dict[Version, datetime.date] = {
    (1, 99): datetime.date(2026, 8, 8),
    (1, 100): datetime.date(2026, 9, 4),
}


def version_on(date: datetime.date, channel: Channel) -> Version:
    """The version a nightly or beta of that date reports (nightly is two ahead of stable),
    for a nightly the one whose gated behaviours it has (see `_NIGHTLY_HAS_ALL`)."""
    minor = 0
    while stable_release_date((1, minor + 1)) <= date:
        minor += 1
    ahead = {"nightly": 2, "beta": 1}.get(channel, 0)
    version = (1, minor + ahead)
    if channel == "nightly" and date < _NIGHTLY_HAS_ALL.get(version, date):
        return (1, version[1] - 1)
    return version


def parse_version(text: str) -> Version | None:
    match = _VERSION.match(text.strip())
    return (int(match[1]), int(match[2])) if match else None


@dataclass(frozen=True)
class Toolchain:
    """What the toolchain file pins (channel and version), `None` where it says nothing."""

    channel: Channel = "unknown"
    version: Version | None = None
    spec: str | None = None  # as written, for messages

    @classmethod
    def from_spec(cls, spec: str) -> Toolchain:
        spec = spec.strip()
        version = parse_version(spec)
        if version:
            return cls("stable", version, spec)
        match = _DATED.match(spec)
        if not match:
            return cls("unknown", None, spec)
        channel: Channel = match[1]  # type: ignore[assignment]
        if not match[2]:
            return cls(channel, None, spec)
        try:
            date = datetime.date(int(match[2]), int(match[3]), int(match[4]))
        except ValueError:  # `nightly-2024-02-30`: no such release, so no version to judge by
            return cls(channel, None, spec)
        return cls(channel, version_on(date, channel), spec)

    @property
    def is_nightly(self) -> bool:
        return self.channel == "nightly"

    def before(self, version: Version) -> bool:
        """Whether the pin names a Rust older than `version` (unpinned: no)."""
        return self.version is not None and self.version < version

    def at_least(self, version: Version) -> bool:
        """Whether the pin guarantees `version` or newer: a version, or a nightly (dated or not)."""
        return (self.version is not None and self.version >= version) or (
            self.version is None and self.is_nightly
        )

    def nightly_with(self, since: Version) -> bool:
        """Whether the pin is a nightly that has the feature (an undated nightly is current)."""
        return self.is_nightly and (self.version is None or self.version >= since)
