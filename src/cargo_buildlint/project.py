"""What every rule reads: a workspace with its profiles validated and resolved.

Validation imports pydantic, which costs more start-up time than everything else together, so
it happens only when some file has a profile table, through a `validator` that the CLI runs in
a worker process (worker.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .diagnostic import KeyPath, Severity
from .discover import Workspace, rust_versions
from .profile_data import SettingsData, SettingsProblem, Validated, ValueProblem
from .resolve import Origin, Profiles, ProfileTable, Setting
from .selection import Selection
from .source import TomlDocument
from .suppress import Allow, AllowProblem, parse_allows
from .toolchain import Toolchain, Version, oldest_cargo, parse_version
from .worker import validate_configs_here, validate_here, validate_settings_here

Validator = Callable[[list[object]], list[Validated]]
ConfigValidator = Callable[[list[object]], list[list[ValueProblem]]]
CONFIG_TABLES = ("build", "resolver", "target")  # what buildlint reads of a config file
SettingsValidator = Callable[[object], tuple[SettingsData, list[SettingsProblem]]]
STRIP_DEBUGINFO_SINCE = (1, 77)  # an unset `strip` becomes `debuginfo` without debug info
SETTINGS_TABLES: tuple[KeyPath, ...] = (
    ("workspace", "metadata", "buildlint"),
    ("package", "metadata", "buildlint"),
)


@dataclass(frozen=True)
class PlacedProblem:
    document: TomlDocument
    key: KeyPath
    problem: ValueProblem


@dataclass
class Project:
    """The context handed to every rule's `check`. Rules only read it."""

    workspace: Workspace
    validator: Validator = field(default=validate_here, repr=False)
    settings_validator: SettingsValidator = field(default=validate_settings_here, repr=False)
    config_validator: ConfigValidator = field(default=validate_configs_here, repr=False)

    @property
    def has_manifest(self) -> bool:
        """Whether the root manifest was read and declares a package or a workspace."""
        data = self.manifest.data
        return not self.manifest_unreadable and ("package" in data or "workspace" in data)

    @property
    def manifest_unreadable(self) -> bool:
        return any(problem.path == self.manifest.path for problem in self.workspace.problems)

    @property
    def manifest(self) -> TomlDocument:
        return self.workspace.manifest

    @property
    def configs(self) -> list[TomlDocument]:
        return self.workspace.configs

    @property
    def toolchain(self) -> Toolchain:
        return self.workspace.toolchain

    @cached_property
    def rust_versions(self) -> list[tuple[TomlDocument, str, Version]]:
        return [
            (document, text, version)
            for document, text in rust_versions(self.workspace)
            if (version := parse_version(text)) is not None
        ]

    @cached_property
    def oldest_cargo(self) -> Version | None:
        return oldest_cargo(self.toolchain, [version for _, _, version in self.rust_versions])

    @cached_property
    def _validated(self) -> tuple[list[ProfileTable], list[PlacedProblem]]:
        problems: list[PlacedProblem] = []
        pending: list[tuple[TomlDocument, str, object]] = []
        # Config files come highest priority first; profiles merge lowest first.
        for document in (self.manifest, *reversed(self.configs)):
            profiles = document.data.get("profile")
            if isinstance(profiles, dict):
                pending += [(document, name, raw) for name, raw in profiles.items()]
            elif profiles is not None:
                problem = ValueProblem((), profiles, "a table")
                problems.append(PlacedProblem(document, ("profile",), problem))
        results = self.validator([raw for _, _, raw in pending]) if pending else []
        tables: list[ProfileTable] = []
        for (document, name, _), (profile, found) in zip(pending, results, strict=True):
            key = ("profile", name)
            problems.extend(PlacedProblem(document, (*key, *p.key), p) for p in found)
            tables.append(ProfileTable(document, name, profile))
        return tables, problems

    def validate(self) -> None:
        """Validate profiles and settings now rather than when a rule first asks."""
        self._validated  # noqa: B018 - computing the cached properties is the point
        self._settings  # noqa: B018
        self.config_problems  # noqa: B018

    @cached_property
    def config_problems(self) -> list[PlacedProblem]:
        """Values of the config files' `build`, `resolver` and `target` tables Cargo refuses."""
        read = [c for c in self.configs if any(key in c.data for key in CONFIG_TABLES)]
        if not read:
            return []
        found = self.config_validator([document.data for document in read])
        return [
            PlacedProblem(document, problem.key, problem)
            for document, problems in zip(read, found, strict=True)
            for problem in problems
        ]

    @cached_property
    def _settings(self) -> tuple[KeyPath, SettingsData, list[SettingsProblem]]:
        for key in SETTINGS_TABLES:
            raw = self.manifest.get(key)
            if raw is not None:
                return (key, *self.settings_validator(raw))
        return (), SettingsData(), []

    @property
    def settings_table(self) -> KeyPath:
        """Where buildlint's settings are in the root manifest (empty when there are none)."""
        return self._settings[0]

    @property
    def settings_problems(self) -> list[SettingsProblem]:
        return self._settings[2]

    @property
    def settings_selection(self) -> Selection:
        data = self._settings[1]
        return Selection(
            select=data.select,
            extend_select=data.extend_select,
            ignore=data.ignore,
            severity={s: Severity[level.upper()] for s, level in data.severity.items()},
        )

    @property
    def options(self) -> Mapping[str, Mapping[str, object]]:
        """Rule options from the settings, by rule code."""
        return self._settings[1].options

    @property
    def profile_tables(self) -> list[ProfileTable]:
        """Each `[profile.<name>]` of the root manifest and config files, lowest priority first."""
        return self._validated[0]

    @property
    def value_problems(self) -> list[PlacedProblem]:
        return self._validated[1]

    @cached_property
    def profiles(self) -> Profiles:
        oldest = self.oldest_cargo
        return Profiles(
            self.profile_tables,
            self.config_setting(("build", "incremental"), bool),
            strip_debuginfo_by_default=oldest is None or oldest >= STRIP_DEBUGINFO_SINCE,
        )

    def config_setting(self, key: KeyPath, kind: type) -> Setting | None:
        """The winning value of a config key of the given type, with its origin."""
        for document in self.configs:
            value = document.get(key)
            if isinstance(value, kind):
                return Setting(value, Origin(document, key, ""))
        return None

    @cached_property
    def allows(self) -> tuple[list[Allow], list[AllowProblem]]:
        """Every `# buildlint: allow(...)` of the workspace's files, and the malformed ones."""
        from .registry import all_rules

        names = {key: rule.code for rule in all_rules() for key in (rule.code, rule.name)}
        allows: list[Allow] = []
        problems: list[AllowProblem] = []
        for document in self.workspace.documents:
            if "buildlint" in document.text:  # most files have none: skip the scan
                found, wrong = parse_allows(document, names)
                allows += found
                problems += wrong
        return allows, problems

    def member_manifests_with_profiles(self) -> Iterator[TomlDocument]:
        return (member for member in self.workspace.members if "profile" in member.data)
