"""Pydantic models of Cargo profiles, as strict as Cargo and rustc (reference section 2.2).

Each field checks its own value with Cargo's rules and says what it expected, so one run can
report every bad value of a profile (Cargo stops at the first). Validation never raises: bad
values become `ValueProblem`s and are dropped, the rest of the profile is still used.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from .cargo.profiles import DEBUG_LEVELS, OVERRIDE_TABLES
from .cargo.specs import is_valid_package_spec
from .profile_data import ProblemKind, Validated, ValidProfile, ValueProblem

if TYPE_CHECKING:  # the worker imports this module: diagnostic.py is not worth its start-up
    from .diagnostic import KeyPath

LTO_STRINGS = ("fat", "thin", "off", "n", "no", "none", "y", "yes", "on")  # rustc takes y/on too
TRIM_PATHS_SCOPES = ("diagnostics", "macro", "object")
U32_MAX = 2**32 - 1


def one_of(values: list[str]) -> str:
    quoted = [f"`{value}`" for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def invalid_value(
    expected: str, suggestion: object = None, rustc: bool = False
) -> PydanticCustomError:
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
    raise invalid_value("`true` or `false`", suggestion)


def _check_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise invalid_value("a string")


def _check_opt_level(value: Any) -> int | str:
    expected = '`0`, `1`, `2`, `3`, `"s"` or `"z"`'
    if isinstance(value, str):
        if value in ("s", "z"):
            return value
        suggestion = int(value) if value in ("0", "1", "2", "3") else None
        raise invalid_value(expected, suggestion)
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 3:
            return value
        raise invalid_value(expected, max(0, min(3, value)), rustc=True)
    raise invalid_value(expected)


def _check_debug(value: Any) -> bool | int | str:
    expected = one_of(["true", "false", "0", "1", "2", *(f'"{level}"' for level in DEBUG_LEVELS)])
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1, 2)):
        return value
    if isinstance(value, str) and value in DEBUG_LEVELS:
        return value
    suggestion: object = None
    if isinstance(value, str):
        suggestion = {"true": True, "false": False, "0": 0, "1": 1, "2": 2}.get(value.lower())
    raise invalid_value(expected, suggestion)


def _check_lto(value: Any) -> bool | str:
    expected = '`true`, `false`, `"thin"`, `"fat"` or `"off"`'
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in LTO_STRINGS:
            return value
        if value in ("true", "false"):
            raise invalid_value(expected, value == "true")
        raise invalid_value(expected, None, rustc=True)
    raise invalid_value(expected)


def _check_panic(value: Any) -> str:
    if isinstance(value, str) and value in ("unwind", "abort", "immediate-abort"):
        return value
    raise invalid_value('`"unwind"`, `"abort"` or `"immediate-abort"`')


def _check_strip(value: Any) -> bool | str:
    expected = '`true`, `false`, `"none"`, `"debuginfo"` or `"symbols"`'
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("none", "debuginfo", "symbols"):
            return value
        raise invalid_value(expected, None, rustc=True)  # Cargo passes unknown strings to rustc
    raise invalid_value(expected)


def _check_codegen_units(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= U32_MAX:
            return value
        if value == 0:
            raise invalid_value("a positive integer", 16, rustc=True)
    raise invalid_value("a positive integer")


def _check_rustflags(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(flag, str) for flag in value):
        return value
    suggestion = value.split() if isinstance(value, str) else None
    raise invalid_value("an array of strings", suggestion)


def _check_trim_paths(value: Any) -> bool | str | list[str]:
    expected = one_of(["true", "false", '"none"', '"all"', *(f'"{s}"' for s in TRIM_PATHS_SCOPES)])
    expected += ", or an array of the last three"
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("none", "all", *TRIM_PATHS_SCOPES):
        return value
    if isinstance(value, list) and all(item in TRIM_PATHS_SCOPES for item in value):
        return value
    raise invalid_value(expected)


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


def validate_profile(raw: object) -> Validated:
    """Validate one profile table; bad values are reported and left out, never fatal."""
    if not isinstance(raw, dict):
        return None, [ValueProblem.not_a_table((), raw)]
    data = copy.deepcopy(raw)
    problems = _invalid_specs(data)
    return validate_dropping(TomlProfile, data, problems).to_plain(), problems


ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_dropping(
    model: type[ModelT], data: dict[str, Any], problems: list[ValueProblem]
) -> ModelT:
    """Validate, and for every value pydantic refuses record a problem and drop the value, until
    what is left validates: one run reports every bad value, none is fatal."""
    while True:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                key = tuple(item["loc"])
                problems.append(value_problem(key, item))
                drop_key(data, key)


def _invalid_specs(data: dict[str, Any]) -> list[ValueProblem]:
    """Cargo refuses a `package.<spec>` key that is no package ID spec (a TOML error there)."""
    overrides = data.get("package")
    if not isinstance(overrides, dict):
        return []
    problems = []
    for spec in [spec for spec in overrides if not is_valid_package_spec(spec)]:
        problems.append(
            ValueProblem(
                ("package", spec), spec, "a package ID spec", kind=ProblemKind.PACKAGE_SPEC
            )
        )
        del overrides[spec]
    return problems


def value_problem(key: KeyPath, item: Any) -> ValueProblem:
    context = item.get("ctx") or {}
    if item["type"] == "cargo_value":
        return ValueProblem(
            key, item["input"], context["expected"], context["suggestion"], context["rustc"]
        )
    # pydantic's own checks: only "not a table" can reach here (nested models and `package`)
    return ValueProblem.not_a_table(key, item["input"])


def drop_key(data: dict[str, Any], key: KeyPath) -> None:
    table: Any = data
    for part in key[:-1]:
        table = table.get(part) if isinstance(table, dict) else None
    if isinstance(table, dict):
        table.pop(key[-1], None)
    if not key or not isinstance(table, dict):
        raise RuntimeError(f"cannot drop invalid value at {key!r}")  # pragma: no cover
