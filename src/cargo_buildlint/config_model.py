"""Pydantic models of the config-file tables buildlint reads, as strict as Cargo.

Apart from `model.py` so that a run without config files never builds these models: pydantic's
class creation is on the critical path of a pre-commit run on one manifest.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from .model import Bool, String, invalid_value, one_of, validate_dropping
from .profile_data import ValueProblem

# Every message was checked with cargo 1.95 (`cargo build`; the `build` and `resolver` tables
# are read by every command, the `target` tables by the commands that compile).

FEATURE_UNIFICATION = ("package", "selected", "workspace")
TARGET_KEYS = ("linker", "rustflags", "rustdocflags", "runner", "ar")  # `ar`: ignored, accepted


def _check_flags(value: Any) -> str | list[str]:
    """`rustflags` and `runner` take a string (split at spaces) or an array of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(flag, str) for flag in value):
        return value
    raise invalid_value("a string or an array of strings")


def _check_build_target(value: Any) -> str | list[str]:
    if isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        return value
    raise invalid_value("a target triple or an array of them")


def _check_jobs(value: Any) -> int | str:
    """An i32 other than 0, or the string `"default"` (cargo's `JobsConfig`)."""
    expected = 'a number other than `0`, or `"default"`'
    if isinstance(value, int) and not isinstance(value, bool):
        if value == 0 or not -(2**31) <= value < 2**31:
            raise invalid_value(expected)
        return value
    if isinstance(value, str):
        if value == "default":
            return value
        number = value.strip()
        digits = number.lstrip("-")
        fits = digits.isascii() and digits.isdigit() and 0 < abs(int(number)) < 2**31
        raise invalid_value(expected, int(number) if fits else None)
    raise invalid_value(expected)


def _check_feature_unification(value: Any) -> str:
    if isinstance(value, str) and value in FEATURE_UNIFICATION:
        return value
    raise invalid_value(one_of([f'"{mode}"' for mode in FEATURE_UNIFICATION]))


Flags = Annotated[str | list[str] | None, PlainValidator(_check_flags)]


class ConfigBuild(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    incremental: Bool = None
    rustflags: Flags = None
    rustdocflags: Flags = None
    target: Annotated[str | list[str] | None, PlainValidator(_check_build_target)] = None
    jobs: Annotated[int | str | None, PlainValidator(_check_jobs)] = None
    rustc: String = None
    rustc_wrapper: String = Field(None, alias="rustc-wrapper")
    rustc_workspace_wrapper: String = Field(None, alias="rustc-workspace-wrapper")
    rustdoc: String = None
    target_dir: String = Field(None, alias="target-dir")
    build_dir: String = Field(None, alias="build-dir")


class ConfigResolver(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    feature_unification: Annotated[str | None, PlainValidator(_check_feature_unification)] = Field(
        None, alias="feature-unification"
    )


class ConfigTarget(BaseModel):
    """`[target.<triple>]` or `[target.'cfg(...)']`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    linker: String = None
    rustflags: Flags = None
    rustdocflags: Flags = None
    runner: Flags = None


class CargoConfig(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    build: ConfigBuild | None = None
    resolver: ConfigResolver | None = None
    target: dict[str, ConfigTarget] | None = None


def validate_config(raw: object) -> list[ValueProblem]:
    """The values of one config file that Cargo refuses; its profiles are validated apart."""
    if not isinstance(raw, dict):
        return []
    data = {key: copy.deepcopy(value) for key, value in raw.items() if key != "profile"}
    problems = _links_overrides(data)
    validate_dropping(CargoConfig, data, problems)
    return problems


def _links_overrides(data: dict[str, Any]) -> list[ValueProblem]:
    """In `[target.<triple>]`, a key Cargo does not know names a `links` override and must be
    a table; under a `cfg(...)` key it is only ignored (Cargo warns)."""
    targets = data.get("target")
    if not isinstance(targets, dict):
        return []
    problems = []
    for name, table in targets.items():
        if name.startswith("cfg(") or not isinstance(table, dict):
            continue
        overrides = [
            k for k, v in table.items() if k not in TARGET_KEYS and not isinstance(v, dict)
        ]
        for key in overrides:
            problems.append(ValueProblem.not_a_table(("target", name, key), table.pop(key)))
    return problems
