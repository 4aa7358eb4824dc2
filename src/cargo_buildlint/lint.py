"""The one entry point that lints paths: discover the workspaces, build each `Project` (the
validation happens here), run the engine, and gather the findings of all workspaces.

The command line, `buildlint measure` and the tests all lint through `lint_paths`; a
workspace that fails inside buildlint is reported as BL000 and never stops the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogue import all_rules, check_settings, rule_codes
from .ci.find import ci_root
from .diagnostic import Diagnostic, KeyPath
from .discover import UsageError, Workspace, discover, project_boundary
from .engine import internal_error, lint_project, merge_fixes
from .profile_data import SettingsEntries, SettingsProblem, Validated, ValueProblem
from .project import Allows, PlacedProblem, Project, ProjectSettings, ValidatedProfiles
from .resolve import ProfileTable
from .selection import Selection
from .source import TomlDocument
from .suppress import parse_allows
from .worker import validate_configs_here, validate_here, validate_settings_here

if TYPE_CHECKING:
    from .ci.model import CargoRun, CiSetup, CiView, EnvProblem
    from .ci.yaml_source import YamlDocument

SETTINGS_TABLES: tuple[KeyPath, ...] = (
    ("workspace", "metadata", "buildlint"),
    ("package", "metadata", "buildlint"),
)
CONFIG_TABLES = ("build", "resolver", "target")  # what buildlint reads of a config file


@dataclass(frozen=True)
class Validators:
    """Where validation runs: in this process by default, or in the CLI's worker."""

    profiles: Callable[[list[object]], list[Validated]] = validate_here
    settings: Callable[[object], tuple[SettingsEntries, list[SettingsProblem]]] = (
        validate_settings_here
    )
    configs: Callable[[list[object]], list[list[ValueProblem]]] = validate_configs_here


@dataclass(frozen=True)
class LintOptions:
    """What to lint for, from the command line."""

    selection: Selection = field(default_factory=Selection)
    warn_unused_allows: bool = False
    include_home_config: bool = False
    fix_to_config: bool = False  # `--fix-to config`
    debug: bool = False  # let internal errors raise
    exclude: tuple[str, ...] = ()  # `--extend-exclude`: directories a walk skips


CI_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class LintResult:
    """The findings of a run, the text of every file read, and the workspaces linted."""

    diagnostics: list[Diagnostic]
    linted: dict[Path, str]  # the text of every file read, unreadable ones included
    workspaces: list[Workspace]


def lint_paths(
    paths: Sequence[str], options: LintOptions, validators: Validators | None = None
) -> LintResult:
    """Every finding of the workspaces the paths belong to. Raises UsageError."""
    workspaces = discover(paths, options.include_home_config, options.exclude)
    if not workspaces:
        raise UsageError(f"no Cargo.toml found in {', '.join(paths)}")
    # Load the rules now, while the validation worker may still be importing pydantic: the
    # first validation waits for it, and the imports cost nothing there.
    all_rules()
    validators = validators or Validators()
    diagnostics: list[Diagnostic] = []
    linted: dict[Path, str] = {}
    reported: dict[tuple[object, ...], int] = {}  # where each finding stands in `diagnostics`
    ci = _CiLoader([workspace.root_dir for workspace in workspaces])
    for workspace in workspaces:
        found = _lint_workspace(workspace, workspaces, options, validators, ci)
        # A file that several workspaces read (a repository's root config) is reported once,
        # with the fixes of every workspace it stands for. In a workflow, one place with one
        # advice is one finding, whichever workspaces' commands it names (wgpu's `RUSTFLAGS`,
        # seen by the root and by `xtask/`).
        for diagnostic in found:
            said = diagnostic.help if diagnostic.path.suffix in CI_SUFFIXES else diagnostic.message
            key = (diagnostic.code, diagnostic.path, diagnostic.span, said)
            if key not in reported:
                reported[key] = len(diagnostics)
                diagnostics.append(diagnostic)
            else:
                first = diagnostics[reported[key]]
                diagnostics[reported[key]] = merge_fixes(first, diagnostic)
        linted.update((document.path, document.text) for document in workspace.documents)
        # unreadable files too: `--diff` copies every file read, and a fix must see them as
        # they are (it refuses to edit them)
        linted.update((problem.path, problem.text) for problem in workspace.problems)
    for setup in ci.loaded.values():
        linted.update((document.path, document.text) for document in setup.documents)
    return LintResult(diagnostics, linted, workspaces)


def build_projects(paths: Sequence[str], validators: Validators | None = None) -> list[Project]:
    """A `Project` for every workspace the paths belong to, each with the CI jobs that build
    it (for `buildlint profile --ci` and tests). Raises UsageError."""
    workspaces = discover(paths)
    if not workspaces:
        raise UsageError(f"no Cargo.toml found in {', '.join(paths)}")
    ci = _CiLoader([workspace.root_dir for workspace in workspaces])
    return [build_project(w, validators, ci.view(w)) for w in workspaces]


class _CiLoader:
    """Each repository's CI files, read once however many workspaces it holds."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots
        # by root, toolchain pin and aliases: what the model of the files depends on
        self.loaded: dict[tuple[object, ...], CiSetup] = {}
        self.owners: dict[tuple[object, ...], dict[CargoRun, Path | None]] = {}

    def view(self, workspace: Workspace) -> CiView | None:
        root = ci_root(workspace.root_dir, project_boundary(workspace.root_dir))
        if root is None:
            return None
        from .cargo.aliases import Aliases
        from .ci.load import load_ci, owners, view_for  # only where CI files exist

        toolchain = workspace.toolchain_file.toolchain if workspace.toolchain_file else None
        # the repository's own config files: a developer's home config never reaches CI
        aliases = Aliases(c.data for c in workspace.configs if root in c.path.parents)
        key = (root, toolchain, aliases.key)
        if key not in self.loaded:
            self.loaded[key] = load_ci(root, toolchain, aliases)
            self.owners[key] = owners(self.loaded[key], self.roots)
        return view_for(self.loaded[key], workspace.root_dir, self.owners[key])


def _lint_workspace(
    workspace: Workspace,
    workspaces: list[Workspace],
    options: LintOptions,
    validators: Validators,
    ci: _CiLoader,
) -> list[Diagnostic]:
    try:
        if workspace.failure is not None:
            raise workspace.failure
        project = build_project(workspace, validators, ci.view(workspace))
        found = lint_project(
            project, all_rules(), options.selection, options.warn_unused_allows, options.debug
        )
        if options.fix_to_config:
            from .fix import redirect_to_config

            found = redirect_to_config(found, project)
        if any(d.fix is not None and d.fix.for_channel for d in found):
            from .fix import config_channels, withhold_channel_fixes

            found = withhold_channel_fixes(found, workspace, config_channels(workspaces))
        return found
    except Exception as error:
        # One workspace's failure never hides the others' findings (BL000, exit 2).
        if options.debug:
            raise
        return [internal_error(workspace.manifest, "linting this workspace", error)]


def build_project(
    workspace: Workspace, validators: Validators | None = None, ci: CiView | None = None
) -> Project:
    """The workspace with everything validated that rules read; `ci`: the CI jobs that
    build it."""
    validators = validators or Validators()
    validated = _validate_profiles(workspace, validators)
    if ci is not None:
        ci = dataclasses.replace(ci, env_problems=_env_problems(ci, validated, validators))
    return Project(
        workspace,
        validated=validated,
        settings=_settings(workspace, validators),
        config_problems=_config_problems(workspace, validators),
        allows=_allows(workspace, ci),
        ci=ci,
    )


def _env_problems(
    ci: CiView, validated: ValidatedProfiles, validators: Validators
) -> tuple[EnvProblem, ...]:
    """`CARGO_PROFILE_*` values Cargo refuses, by the models that check profile tables."""
    from .ci.layer import profile_assignments
    from .ci.model import EnvProblem

    names = list(
        dict.fromkeys(["dev", "release", "test", "bench", *(t.name for t in validated.tables)])
    )
    assignments = [
        a
        for a in profile_assignments({str(i): v for i, v in enumerate(ci.variables)}, names)
        if a.key is not None and a.value is not None
    ]
    if not assignments:
        return ()
    tables: list[object] = []
    for assignment in assignments:
        assert assignment.key is not None
        raw: object = assignment.value
        for part in reversed(assignment.key):
            raw = {part: raw}
        tables.append(raw)
    results = validators.profiles(tables)
    problems = []
    for assignment, (_, found) in zip(assignments, results, strict=True):
        text = assignment.variable.value
        if found and isinstance(assignment.value, (bool, int)) and text is not None:
            # Cargo reads a key that takes only strings from the text as written
            assert assignment.key is not None
            raw = text
            for part in reversed(assignment.key):
                raw = {part: raw}
            found = validators.profiles([raw])[0][1]
        if found:
            problems.append(EnvProblem(assignment.variable, found[0].expected))
    return tuple(problems)


def _validate_profiles(workspace: Workspace, validators: Validators) -> ValidatedProfiles:
    problems: list[PlacedProblem] = []
    pending = []
    # Config files come highest priority first; profiles merge lowest first.
    for document in (workspace.manifest, *reversed(workspace.configs)):
        profiles = document.data.get("profile")
        if isinstance(profiles, dict):
            pending += [(document, name, raw) for name, raw in profiles.items()]
        elif profiles is not None:
            problem = ValueProblem.not_a_table((), profiles)
            problems.append(PlacedProblem(document, ("profile",), problem))
    results = validators.profiles([raw for _, _, raw in pending]) if pending else []
    tables: list[ProfileTable] = []
    for (document, name, _), (profile, found) in zip(pending, results, strict=True):
        key = ("profile", name)
        problems.extend(PlacedProblem(document, (*key, *p.key), p) for p in found)
        tables.append(ProfileTable(document, name, profile))
    return ValidatedProfiles(tables, problems)


def _settings(workspace: Workspace, validators: Validators) -> ProjectSettings:
    for key in SETTINGS_TABLES:
        raw = workspace.manifest.get(key)
        if raw is not None:
            entries, problems = validators.settings(raw)
            data, unknown = check_settings(entries)  # the catalogue's checks, above the worker
            return ProjectSettings(key, data, problems + unknown)
    return ProjectSettings()


def _config_problems(workspace: Workspace, validators: Validators) -> list[PlacedProblem]:
    """Values of the config files' `build`, `resolver` and `target` tables Cargo refuses."""
    read = [c for c in workspace.configs if any(key in c.data for key in CONFIG_TABLES)]
    if not read:
        return []
    found = validators.configs([document.data for document in read])
    return [
        PlacedProblem(document, problem.key, problem)
        for document, problems in zip(read, found, strict=True)
        for problem in problems
    ]


def _allows(workspace: Workspace, ci: CiView | None) -> Allows:
    codes = rule_codes()
    allows = Allows()
    documents: list[TomlDocument | YamlDocument] = [*workspace.documents]
    documents += ci.setup.documents if ci is not None else []
    for document in documents:
        if "buildlint" in document.text:  # most files have none: skip the scan
            found, wrong = parse_allows(document, codes)
            allows.found.extend(found)
            allows.problems.extend(wrong)
    return allows
