"""Pydantic models of Cargo profiles, as strict as Cargo and rustc (reference section 2.2).

Each field checks its own value with Cargo's rules and says what it expected, so one run can
report every bad value of a profile (Cargo stops at the first). Validation never raises: bad
values become `ValueProblem`s and are dropped, the rest of the profile is still used.
"""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from .diagnostic import KeyPath
from .profile_data import Validated, ValidProfile, ValueProblem
from .values import DEBUG_LEVELS, OVERRIDE_TABLES

LTO_STRINGS = ("fat", "thin", "off", "n", "no", "none", "y", "yes", "on")  # rustc takes y/on too
TRIM_PATHS_SCOPES = ("diagnostics", "macro", "object")
U32_MAX = 2**32 - 1


def one_of(values: list[str]) -> str:
    quoted = [f"`{value}`" for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _invalid(expected: str, suggestion: object = None, rustc: bool = False) -> PydanticCustomError:
    """`suggestion`: what the user most likely meant; `rustc`: only rustc rejects the value."""
    return PydanticCustomError(
        "cargo_value",
        "expected {expected}",
        {"expected": expected, "suggestion": suggestion, "rustc": rustc},
    )


def _check_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    suggestion = {"true": True, "false": False, 1: True, 0: False}.get(value)
    raise _invalid("`true` or `false`", suggestion)


def _check_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _invalid("a string")


def _check_opt_level(value: Any) -> int | str:
    expected = '`0`, `1`, `2`, `3`, `"s"` or `"z"`'
    if isinstance(value, str):
        if value in ("s", "z"):
            return value
        suggestion = int(value) if value in ("0", "1", "2", "3") else None
        raise _invalid(expected, suggestion)
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 3:
            return value
        raise _invalid(expected, max(0, min(3, value)), rustc=True)
    raise _invalid(expected)


def _check_debug(value: Any) -> bool | int | str:
    expected = one_of(["true", "false", "0", "1", "2", *(f'"{level}"' for level in DEBUG_LEVELS)])
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1, 2)):
        return value
    if isinstance(value, str) and value in DEBUG_LEVELS:
        return value
    suggestion: object = None
    if isinstance(value, str):
        suggestion = {"true": True, "false": False, "0": 0, "1": 1, "2": 2}.get(value.lower())
    raise _invalid(expected, suggestion)


def _check_lto(value: Any) -> bool | str:
    expected = '`true`, `false`, `"thin"`, `"fat"` or `"off"`'
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in LTO_STRINGS:
            return value
        if value in ("true", "false"):
            raise _invalid(expected, value == "true")
        raise _invalid(expected, None, rustc=True)
    raise _invalid(expected)


def _check_panic(value: Any) -> str:
    if isinstance(value, str) and value in ("unwind", "abort", "immediate-abort"):
        return value
    raise _invalid('`"unwind"`, `"abort"` or `"immediate-abort"`')


def _check_strip(value: Any) -> bool | str:
    expected = '`true`, `false`, `"none"`, `"debuginfo"` or `"symbols"`'
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("none", "debuginfo", "symbols"):
            return value
        raise _invalid(expected, None, rustc=True)  # Cargo passes unknown strings to rustc
    raise _invalid(expected)


def _check_codegen_units(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= U32_MAX:
            return value
        if value == 0:
            raise _invalid("a positive integer", 16, rustc=True)
    raise _invalid("a positive integer")


def _check_rustflags(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(flag, str) for flag in value):
        return value
    suggestion = value.split() if isinstance(value, str) else None
    raise _invalid("an array of strings", suggestion)


def _check_trim_paths(value: Any) -> bool | str | list[str]:
    expected = one_of(["true", "false", '"none"', '"all"', *(f'"{s}"' for s in TRIM_PATHS_SCOPES)])
    expected += ", or an array of the last three"
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("none", "all", *TRIM_PATHS_SCOPES):
        return value
    if isinstance(value, list) and all(item in TRIM_PATHS_SCOPES for item in value):
        return value
    raise _invalid(expected)


Bool = Annotated[bool | None, PlainValidator(_check_bool)]
String = Annotated[str | None, PlainValidator(_check_string)]


class TomlProfile(BaseModel):
    """`[profile.<name>]`, `[profile.<name>.package.<spec>]` and `[profile.<name>.build-override]`.

    Unknown keys are kept in `model_extra` (Cargo warns and ignores them, BL003).
    """

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=False)

    opt_level: Annotated[int | str | None, PlainValidator(_check_opt_level)] = Field(
        None, alias="opt-level"
    )
    lto: Annotated[bool | str | None, PlainValidator(_check_lto)] = None
    codegen_backend: String = Field(None, alias="codegen-backend")
    codegen_units: Annotated[int | None, PlainValidator(_check_codegen_units)] = Field(
        None, alias="codegen-units"
    )
    debug: Annotated[bool | int | str | None, PlainValidator(_check_debug)] = None
    split_debuginfo: String = Field(None, alias="split-debuginfo")
    debug_assertions: Bool = Field(None, alias="debug-assertions")
    rpath: Bool = None
    panic: Annotated[str | None, PlainValidator(_check_panic)] = None
    overflow_checks: Bool = Field(None, alias="overflow-checks")
    incremental: Bool = None
    dir_name: String = Field(None, alias="dir-name")
    inherits: String = None
    strip: Annotated[bool | str | None, PlainValidator(_check_strip)] = None
    rustflags: Annotated[list[str] | None, PlainValidator(_check_rustflags)] = None
    trim_paths: Annotated[bool | str | list[str] | None, PlainValidator(_check_trim_paths)] = Field(
        None, alias="trim-paths"
    )
    hint_mostly_unused: Bool = Field(None, alias="hint-mostly-unused")
    package: dict[str, TomlProfile] | None = None
    build_override: TomlProfile | None = Field(None, alias="build-override")

    def to_plain(self) -> ValidProfile:
        unknown = tuple(self.model_extra or ())
        values = self.model_dump(by_alias=True, exclude_none=True, exclude=set(unknown))
        return ValidProfile(
            settings={k: v for k, v in values.items() if k not in OVERRIDE_TABLES},
            package={spec: model.to_plain() for spec, model in (self.package or {}).items()},
            build_override=self.build_override.to_plain() if self.build_override else None,
            unknown_keys=unknown,
        )


_SPEC_NAME = re.compile(r"^[^\W][\w-]*$")
_SPEC_VERSION = re.compile(r"^\d+(\.\d+(\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)?)?$")


def is_valid_package_spec(spec: str) -> bool:
    """`*`, `name`, `name@version`, legacy `name:version`, or a URL form (reference 2.6)."""
    if spec == "*" or "://" in spec:
        return True
    name, _, version = spec.replace(":", "@", 1).partition("@")
    return bool(_SPEC_NAME.match(name)) and (not version or bool(_SPEC_VERSION.match(version)))


def validate_profile(raw: object) -> Validated:
    """Validate one profile table; bad values are reported and left out, never fatal."""
    if not isinstance(raw, dict):
        return None, [ValueProblem((), raw, "a table")]
    data = copy.deepcopy(raw)
    problems = _invalid_specs(data)
    while True:
        try:
            return TomlProfile.model_validate(data).to_plain(), problems
        except ValidationError as error:
            for item in error.errors():
                key = tuple(item["loc"])
                problems.append(_problem(key, item))
                _drop(data, key)


def _invalid_specs(data: dict[str, Any]) -> list[ValueProblem]:
    """Cargo refuses a `package.<spec>` key that is no package ID spec (a TOML error there)."""
    overrides = data.get("package")
    if not isinstance(overrides, dict):
        return []
    problems = []
    for spec in [spec for spec in overrides if not is_valid_package_spec(spec)]:
        problems.append(ValueProblem(("package", spec), spec, "a package ID spec"))
        del overrides[spec]
    return problems


def _problem(key: KeyPath, item: Any) -> ValueProblem:
    context = item.get("ctx") or {}
    if item["type"] == "cargo_value":
        return ValueProblem(
            key, item["input"], context["expected"], context["suggestion"], context["rustc"]
        )
    # pydantic's own checks: only "not a table" can reach here (nested models and `package`)
    return ValueProblem(key, item["input"], "a table")


def _drop(data: dict[str, Any], key: KeyPath) -> None:
    table: Any = data
    for part in key[:-1]:
        table = table.get(part) if isinstance(table, dict) else None
    if isinstance(table, dict):
        table.pop(key[-1], None)
    if not key or not isinstance(table, dict):
        raise RuntimeError(f"cannot drop invalid value at {key!r}")  # pragma: no cover


# --- `.cargo/config.toml`: the tables buildlint reads, as strictly as Cargo reads them --------
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
    raise _invalid("a string or an array of strings")


def _check_build_target(value: Any) -> str | list[str]:
    if isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        return value
    raise _invalid("a target triple or an array of them")


def _check_jobs(value: Any) -> int | str:
    """An i32 other than 0, or the string `"default"` (cargo's `JobsConfig`)."""
    expected = 'a number other than `0`, or `"default"`'
    if isinstance(value, int) and not isinstance(value, bool):
        if value == 0 or not -(2**31) <= value < 2**31:
            raise _invalid(expected)
        return value
    if isinstance(value, str):
        if value == "default":
            return value
        number = value.strip()
        digits = number.lstrip("-")
        fits = digits.isascii() and digits.isdigit() and 0 < abs(int(number)) < 2**31
        raise _invalid(expected, int(number) if fits else None)
    raise _invalid(expected)


def _check_feature_unification(value: Any) -> str:
    if isinstance(value, str) and value in FEATURE_UNIFICATION:
        return value
    raise _invalid(one_of([f'"{mode}"' for mode in FEATURE_UNIFICATION]))


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
    while True:
        try:
            CargoConfig.model_validate(data)
            return problems
        except ValidationError as error:
            for item in error.errors():
                key = tuple(item["loc"])
                problems.append(_problem(key, item))
                _drop(data, key)


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
            problems.append(ValueProblem(("target", name, key), table.pop(key), "a table"))
    return problems
