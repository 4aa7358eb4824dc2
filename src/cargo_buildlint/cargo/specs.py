"""Package ID specs, as profile overrides name packages (reference 2.6)."""

from __future__ import annotations

import re

_SPEC_NAME = re.compile(r"^[^\W][\w-]*$")
_SPEC_VERSION = re.compile(r"^\d+(\.\d+(\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)?)?$")


def is_valid_package_spec(spec: str) -> bool:
    """`*`, `name`, `name@version`, legacy `name:version`, or a URL form (reference 2.6)."""
    if spec == "*" or "://" in spec:
        return True
    name, _, version = spec.replace(":", "@", 1).partition("@")
    return bool(_SPEC_NAME.match(name)) and (not version or bool(_SPEC_VERSION.match(version)))


def spec_version(spec: str) -> str | None:
    """The version part of a spec (`1.2` of `name@1.2`), None when it names no version."""
    fragment = spec.rsplit("#", 1)[-1] if "#" in spec else spec
    _, separator, version = fragment.replace(":", "@", 1).partition("@")
    return version if separator else None


def specs_overlap(first: str, second: str) -> bool:
    """Whether one package could match both specs (Cargo refuses that, reference 2.6)."""
    if spec_name(first) != spec_name(second):
        return False
    a, b = spec_version(first), spec_version(second)
    if a is None or b is None:
        return True
    shorter, longer = sorted((a.split("."), b.split(".")), key=len)
    return longer[: len(shorter)] == shorter


def spec_name(spec: str) -> str:
    """The package name of a Package ID Spec (`name`, `name@1.2`, `name:1.2`, `url#name@1.2`)."""
    if "#" in spec:
        fragment = spec.rsplit("#", 1)[1]
        return (
            fragment.split("@", 1)[0]
            if "@" in fragment
            else spec.rstrip("/").rsplit("/", 1)[-1].split("#")[0]
        )
    return spec.replace(":", "@", 1).split("@", 1)[0]
