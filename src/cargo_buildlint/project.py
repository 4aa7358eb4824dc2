"""What every rule reads: a workspace with its profiles validated and resolved.

Validation imports pydantic, which costs more start-up time than everything else together, so
it happens only when some file has a profile table to validate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .diagnostic import KeyPath
from .discover import Workspace, rust_versions
from .resolve import Origin, Profiles, ProfileTable, Setting
from .source import TomlDocument
from .toolchain import Toolchain, Version, oldest_cargo, parse_version

if TYPE_CHECKING:
    from .model import ValueProblem


@dataclass(frozen=True)
class PlacedProblem:
    document: TomlDocument
    key: KeyPath
    problem: ValueProblem


@dataclass
class Project:
    """The context handed to every rule's `check`. Rules only read it."""

    workspace: Workspace
    options: Mapping[str, Any] = field(default_factory=dict)

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
        tables: list[ProfileTable] = []
        problems: list[PlacedProblem] = []
        # Config files come highest priority first; profiles merge lowest first.
        for document in (self.manifest, *reversed(self.configs)):
            if "profile" not in document.data:
                continue
            from .model import ValueProblem, validate_profile

            profiles = document.data["profile"]
            if not isinstance(profiles, dict):
                problems.append(
                    PlacedProblem(document, ("profile",), ValueProblem((), profiles, "a table"))
                )
                continue
            for name, raw in profiles.items():
                model, found = validate_profile(raw)
                key = ("profile", name)
                problems.extend(PlacedProblem(document, (*key, *p.key), p) for p in found)
                tables.append(ProfileTable(document, name, model))
        return tables, problems

    @property
    def profile_tables(self) -> list[ProfileTable]:
        """Each `[profile.<name>]` of the root manifest and config files, lowest priority first."""
        return self._validated[0]

    @property
    def value_problems(self) -> list[PlacedProblem]:
        return self._validated[1]

    @cached_property
    def profiles(self) -> Profiles:
        return Profiles(self.profile_tables, self.config_setting(("build", "incremental"), bool))

    def config_setting(self, key: KeyPath, kind: type) -> Setting | None:
        """The winning value of a config key of the given type, with its origin."""
        for document in self.configs:
            value: Any = document.data
            for part in key:
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, kind):
                return Setting(value, Origin(document, key, ""))
        return None

    def member_manifests_with_profiles(self) -> Iterator[TomlDocument]:
        return (member for member in self.workspace.members if "profile" in member.data)
