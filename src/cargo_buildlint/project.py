"""What every rule reads: a workspace with its profiles validated and resolved.

A `Project` is built by `lint.build_project`, which validates (pydantic, through a worker
process when the command line runs) and hands the results in; rules only read it. It imports
nothing of the rule catalogue, the selection or the worker, so that every rule can stand on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from .cargo.versions import STRIP_DEBUGINFO_SINCE, CargoRange, cargo_range
from .diagnostic import At, KeyPath
from .discover import (
    ShadowedFile,
    ToolchainFile,
    Workspace,
    package_rust_versions,
    project_boundary,
    rust_versions,
)
from .load import KeyProblem, LoadProblem, read_toml
from .profile_data import SettingsData, SettingsProblem, ValueProblem
from .resolve import Origin, Profiles, ProfileTable, Setting
from .source import TomlDocument
from .suppress import Allow, AllowProblem
from .toolchain import Toolchain, Version, parse_version

if TYPE_CHECKING:  # the CI layer loads only where CI files exist
    from .ci.model import CargoRun, CiView, Job
    from .ci.yaml_source import YamlProblem

OptionsT = TypeVar("OptionsT")


@dataclass(frozen=True)
class PlacedProblem:
    """A value Cargo refuses, with the document and key it stands at."""

    document: TomlDocument
    key: KeyPath
    problem: ValueProblem


@dataclass(frozen=True)
class ValidatedProfiles:
    """Each `[profile.<name>]` table, lowest priority first, and the values Cargo refuses."""

    tables: list[ProfileTable] = field(default_factory=list)
    problems: list[PlacedProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectSettings:
    """buildlint's own settings: where they stand in the root manifest (empty: nowhere)."""

    table: KeyPath = ()
    data: SettingsData = field(default_factory=SettingsData)
    problems: list[SettingsProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Allows:
    """Every `# buildlint: allow(...)` of the workspace's files, and the malformed ones."""

    found: list[Allow] = field(default_factory=list)
    problems: list[AllowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Project:
    """The context handed to every rule's `check`. Rules only read it."""

    workspace: Workspace
    validated: ValidatedProfiles = field(default_factory=ValidatedProfiles)
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    config_problems: list[PlacedProblem] = field(default_factory=list)
    allows: Allows = field(default_factory=Allows)
    ci: CiView | None = None  # the repository's CI jobs that build this workspace

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

    # What rules read of the workspace, named here so that they never reach into it.

    @property
    def members(self) -> list[TomlDocument]:
        """The members' manifests, the root's excepted."""
        return self.workspace.members

    @property
    def toolchain_file(self) -> ToolchainFile | None:
        return self.workspace.toolchain_file

    @property
    def load_problems(self) -> list[LoadProblem]:
        """The files Cargo must read that cannot be read (BL001)."""
        return self.workspace.problems

    @property
    def membership_problems(self) -> list[KeyProblem]:
        return self.workspace.membership_problems

    @property
    def include_problems(self) -> list[KeyProblem]:
        return self.workspace.include_problems

    @property
    def orphans(self) -> list[TomlDocument]:
        return self.workspace.orphans

    @property
    def standalone_dependencies(self) -> list[TomlDocument]:
        """Path dependencies outside the root that belong to no workspace (Cargo loads them)."""
        return self.workspace.standalone_dependencies

    @property
    def shadowed(self) -> list[ShadowedFile]:
        return self.workspace.shadowed

    @cached_property
    def rust_versions(self) -> list[tuple[TomlDocument, str, Version]]:
        """The `rust-version`s of the packages, or the workspace's when no package has one: the
        Rust the project supports."""
        return _parsed(rust_versions(self.workspace))

    @cached_property
    def package_rust_versions(self) -> list[tuple[TomlDocument, str, Version]]:
        """The `rust-version` each package has, its own or inherited: what Cargo reads per
        package (a `[workspace.package]` value no package inherits is not among them)."""
        return _parsed(package_rust_versions(self.workspace))

    @cached_property
    def cargo_range(self) -> CargoRange:
        """The Cargo versions the project must build with (pin, `rust-version`, else the range
        people run; see `cargo/versions.py`)."""
        return cargo_range(self.toolchain, [version for _, _, version in self.rust_versions])

    @property
    def settings_table(self) -> KeyPath:
        """Where buildlint's settings are in the root manifest (empty when there are none)."""
        return self.settings.table

    @property
    def settings_problems(self) -> list[SettingsProblem]:
        return self.settings.problems

    def options_for(self, code: str, kind: type[OptionsT]) -> OptionsT:
        """A rule's options from the settings, or its defaults."""
        found = self.settings.data.options.get(code)
        return found if isinstance(found, kind) else kind()

    @property
    def profile_tables(self) -> list[ProfileTable]:
        """Each `[profile.<name>]` of the root manifest and config files, lowest priority first."""
        return self.validated.tables

    @property
    def value_problems(self) -> list[PlacedProblem]:
        return self.validated.problems

    @cached_property
    def profiles(self) -> Profiles:
        return self._profiles(self.config_setting(("build", "incremental"), bool))

    def _profiles(
        self,
        incremental: Setting | None,
        environment: Mapping[str, Mapping[KeyPath, Setting]] | None = None,
    ) -> Profiles:
        return Profiles(
            self.profile_tables,
            incremental,
            strip_debuginfo_by_default=self.cargo_range.all_at_least(STRIP_DEBUGINFO_SINCE),
            environment=environment,
        )

    def config_setting(self, key: KeyPath, kind: type) -> Setting | None:
        """The winning value of a config key of the given type, with its origin."""
        for document in self.configs:
            value = document.get(key)
            if isinstance(value, kind):
                return Setting(value, Origin(document, key, ""))
        return None

    # The CI layer (BL6xx): the jobs that build this workspace and the environment they set.

    @property
    def ci_jobs(self) -> tuple[Job, ...]:
        return self.ci.jobs if self.ci else ()

    @property
    def ci_runs(self) -> tuple[CargoRun, ...]:
        """Every cargo command of this workspace's CI jobs, once per runner."""
        return self.ci.runs if self.ci else ()

    @property
    def ci_runs_as_configured(self) -> tuple[CargoRun, ...]:
        """The commands that build with the config files as they are: after a script writes
        one (`>> .cargo/config.toml`), what they build with is not known, and the rules that
        judge by the files leave them alone."""
        return tuple(run for run in self.ci_runs if not run.config_edited)

    @property
    def ci_problems(self) -> list[YamlProblem]:
        return self.ci.setup.problems if self.ci else []

    def profiles_for(self, run: CargoRun) -> Profiles:
        """The profiles as `run` builds them: its `CARGO_PROFILE_*` variables over the files,
        and incremental as its environment and toolchain decide."""
        from .ci.layer import ci_incremental, ci_incremental_key, profile_assignments

        assignments = [
            a
            for a in profile_assignments(run.env, self.profiles.names())
            if a.key is not None and a.value is not None
        ]
        key = (
            tuple((a.variable.name, a.variable.value, a.variable.source) for a in assignments),
            ci_incremental_key(run),
        )
        cached = self._ci_profiles.get(key)
        if cached is not None:
            return cached
        invalid = {p.variable.source for p in self.ci.env_problems} if self.ci else set()
        environment: dict[str, dict[KeyPath, Setting]] = {}
        for assignment in assignments:
            if assignment.variable.source in invalid or assignment.key is None:
                continue
            source = assignment.variable.source
            origin = Origin(
                None,
                assignment.key,
                f"`{assignment.variable.name}` in {source}",
                At(source.document.path, source.key, span=source.span),
            )
            environment.setdefault(assignment.profile, {})[assignment.key] = Setting(
                assignment.value, origin
            )
        build_incremental = self.config_setting(("build", "incremental"), bool)
        profiles = self._profiles(ci_incremental(run, build_incremental), environment)
        self._ci_profiles[key] = profiles
        return profiles

    @cached_property
    def _ci_profiles(self) -> dict[object, Profiles]:
        return {}

    @cached_property
    def unstable_opt_ins(self) -> set[str]:
        """The unstable features the project turns on: `cargo-features` in the manifest and
        `[unstable]` keys set to `true` in config files (nightly Cargo reads them)."""
        features = self.manifest.data.get("cargo-features")
        enabled = (
            {f for f in features if isinstance(f, str)} if isinstance(features, list) else set()
        )
        for config in self.configs:
            unstable = config.data.get("unstable")
            if isinstance(unstable, dict):
                enabled.update(name for name, value in unstable.items() if value is True)
        return enabled

    def is_checked_in(self, document: TomlDocument) -> bool:
        """Whether a file lies in the project's repository (not `$CARGO_HOME`'s config)."""
        boundary = project_boundary(self.workspace.root_dir)
        return boundary == document.path.parent or boundary in document.path.parents

    @cached_property
    def lock_file(self) -> TomlDocument | LoadProblem | None:
        """The workspace's `Cargo.lock`, read only when a rule asks (None: there is none)."""
        path = self.workspace.root_dir / "Cargo.lock"
        return read_toml(path) if path.is_file() else None

    def member_manifests_with_profiles(self) -> Iterator[TomlDocument]:
        return (member for member in self.members if "profile" in member.data)


def _parsed(found: list[tuple[TomlDocument, str]]) -> list[tuple[TomlDocument, str, Version]]:
    return [
        (document, text, version)
        for document, text in found
        if (version := parse_version(text)) is not None
    ]
