"""buildlint's own settings: `[workspace.metadata.buildlint]` (or `[package.metadata.buildlint]`
for a single package), where Cargo tools keep theirs. Validated strictly: a typo or a wrong type
is reported on its key (BL009) and left out, and the rest of the settings still apply. This
module checks the structure; the catalogue checks that selectors and options name rules.

```toml
[workspace.metadata.buildlint]
select = ["BL0", "BL1"]
extend-select = ["dev-lto"]
ignore = { BL204 = "our simulation is unusable unoptimized" }   # or a list of selectors
severity = { BL101 = "error", BL3 = "info" }
options.dev-few-codegen-units = { threshold = 8 }
```
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from .diagnostic import KeyPath
from .profile_data import SelectorEntry, SettingsEntries, SettingsProblem
from .spelling import closest

Level = Literal["error", "warning", "info"]
EXPECTED = {
    "select": "an array of rule selectors",
    "extend-select": "an array of rule selectors",
    "ignore": "an array of rule selectors, or a table of selector = reason",
    "severity": "a table of selector = level",
    "options": "a table of rule = table of options",
    "exclude": "an array of path patterns",
}


class BuildlintSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)

    select: list[StrictStr] | None = None
    extend_select: list[StrictStr] = Field(default_factory=list, alias="extend-select")
    ignore: list[StrictStr] | dict[StrictStr, StrictStr] = Field(default_factory=list)
    severity: dict[StrictStr, Level] = Field(default_factory=dict)
    options: dict[StrictStr, dict[StrictStr, Any]] = Field(default_factory=dict)
    # read by discovery, which needs it before any validation (discover.py); checked here
    exclude: list[StrictStr] = Field(default_factory=list)


KEYS = tuple(info.alias or name for name, info in BuildlintSettings.model_fields.items())


def validate_settings(raw: object) -> tuple[SettingsEntries, list[SettingsProblem]]:
    """Validate a settings table's structure; every problem is reported and its value left
    out. Whether selectors and options name rules is checked above (catalogue.py)."""
    if not isinstance(raw, dict):
        return SettingsEntries(), [SettingsProblem((), "buildlint's settings must be a table")]
    data: dict[str, Any] = copy.deepcopy(raw)
    problems: list[SettingsProblem] = []
    positions = _check_list_items(data, problems)
    while True:
        try:
            settings = BuildlintSettings.model_validate(data)
            break
        except ValidationError as error:
            seen: set[KeyPath] = set()
            for item in error.errors():
                key = _problem_key(tuple(item["loc"]))
                if key not in seen:
                    seen.add(key)
                    problems.append(_describe(key, item["type"]))
                    _drop(data, key)
    return _entries(settings, positions, problems)


LISTS = ("select", "extend-select", "ignore", "exclude")


def _check_list_items(
    data: dict[str, Any], problems: list[SettingsProblem]
) -> dict[str, list[int]]:
    """Report and remove non-string items of the selector lists, remembering where the others
    stood, so that later problems point at the item the user wrote."""
    positions: dict[str, list[int]] = {}
    for name in LISTS:
        items = data.get(name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, str):
                problems.append(SettingsProblem((name, index), f"`{name}` entries must be strings"))
        positions[name] = [i for i, item in enumerate(items) if isinstance(item, str)]
        data[name] = [item for item in items if isinstance(item, str)]
    return positions


def _problem_key(loc: KeyPath) -> KeyPath:
    """pydantic reports `ignore`'s two forms as separate branches; the user wrote one value."""
    return (
        ("ignore",)
        if loc[:1] == ("ignore",)
        and len(loc) > 1
        and isinstance(loc[1], str)
        and loc[1].startswith(("list", "dict"))
        else loc
    )


def _describe(key: KeyPath, error_type: str) -> SettingsProblem:
    if error_type == "extra_forbidden":
        close = closest(str(key[-1]), KEYS)
        hint = f"did you mean `{close}`?" if close else None
        return SettingsProblem(key, f"unknown setting `{key[-1]}`", hint, "key")
    if key[:1] == ("severity",) and len(key) == 2:
        return SettingsProblem(
            key, f'severity of `{key[1]}` must be `"error"`, `"warning"` or `"info"`'
        )
    if len(key) == 1:
        what = EXPECTED.get(str(key[0]), "a string")
    else:
        what = "a table of options" if key[0] == "options" and len(key) == 2 else "a string"
    return SettingsProblem(key, f"`{'.'.join(map(str, key))}` must be {what}")


def _drop(data: dict[str, Any], key: KeyPath) -> None:
    parent: Any = data
    for part in key[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else None
    if isinstance(parent, dict):
        parent.pop(key[-1], None)
    else:
        data.pop(str(key[0]), None)


def _entries(
    settings: BuildlintSettings, positions: dict[str, list[int]], problems: list[SettingsProblem]
) -> tuple[SettingsEntries, list[SettingsProblem]]:
    """The selectors with the keys they stand at, for the catalogue's checks."""

    def listed(name: str, selectors: list[str]) -> tuple[SelectorEntry, ...]:
        indices = positions.get(name, list(range(len(selectors))))
        return tuple(
            SelectorEntry((name, i), selector)
            for i, selector in zip(indices, selectors, strict=True)
        )

    ignore = settings.ignore
    ignored = (
        listed("ignore", ignore)
        if isinstance(ignore, list)  # or a table of selector = reason: the selector is the key
        else tuple(SelectorEntry(("ignore", s), s, "key") for s in ignore)
    )
    return SettingsEntries(
        select=None if settings.select is None else listed("select", settings.select),
        extend_select=listed("extend-select", settings.extend_select),
        ignore=ignored,
        severity=tuple(
            (SelectorEntry(("severity", s), s, "key"), level)
            for s, level in settings.severity.items()
        ),
        options=settings.options,
    ), problems
