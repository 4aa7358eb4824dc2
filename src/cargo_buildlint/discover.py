"""From the paths a user gives to `Workspace`s: root manifest, members, config files, toolchain.

Cargo's rules (reference 2.7, 3.1, 4.9): only the workspace root's `[profile]` counts; config
files are read from `.cargo/` in the starting directory and each ancestor, deeper first, with the
extension-less `config` winning over `config.toml`; `rust-toolchain` wins over
`rust-toolchain.toml`. buildlint starts at the workspace root and, unlike Cargo, stops at the
project's boundary (the repository root, else the workspace root) so that a user's unrelated
files never change the verdict; `$CARGO_HOME/config.toml` is read only on request.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostic import KeyPath
from .load import KeyProblem, Loader, LoadProblem
from .members import find_root, workspace_members
from .paths import display_path
from .source import TomlDocument
from .toml_text import toml_type
from .toolchain import Toolchain

SKIPPED_DIRS = frozenset({"target", "vendor", "vendored", "third_party", "node_modules"})
CONFIG_NAMES = ("config", "config.toml")  # first wins when both exist
TOOLCHAIN_NAMES = ("rust-toolchain", "rust-toolchain.toml")  # first wins when both exist


class UsageError(Exception):
    """A path the user gave cannot be linted at all (exit code 2)."""


@dataclass(frozen=True)
class ShadowedFile:
    """A config file Cargo ignores because a file beside it wins (`config` beside `config.toml`)."""

    used: Path
    ignored: Path
    ignored_display: str


@dataclass
class ToolchainFile:
    """The `rust-toolchain(.toml)` file that pins the workspace's toolchain."""

    path: Path
    display: str
    toolchain: Toolchain
    document: TomlDocument | None  # None for a plain one-line legacy file


@dataclass
class Workspace:
    """A workspace as Cargo sees it: its root manifest, members, config files and toolchain pin."""

    root_dir: Path
    manifest: TomlDocument
    members: list[TomlDocument] = field(default_factory=list)  # other than the root
    configs: list[TomlDocument] = field(default_factory=list)  # highest priority first
    shadowed: list[ShadowedFile] = field(default_factory=list)
    toolchain_file: ToolchainFile | None = None
    membership_problems: list[KeyProblem] = field(default_factory=list)
    include_problems: list[KeyProblem] = field(default_factory=list)  # config `include`s
    # packages below the root that the workspace does not include: Cargo refuses to build them
    orphans: list[TomlDocument] = field(default_factory=list)
    # path dependencies outside the root that belong to no workspace (see members.py)
    standalone_dependencies: list[TomlDocument] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    failure: Exception | None = None  # buildlint failed to read this workspace (BL000)

    @property
    def toolchain(self) -> Toolchain:
        return self.toolchain_file.toolchain if self.toolchain_file else Toolchain()

    @property
    def documents(self) -> Iterator[TomlDocument]:
        yield self.manifest
        yield from self.members
        yield from self.orphans
        yield from self.standalone_dependencies
        yield from self.configs
        if self.toolchain_file and self.toolchain_file.document:
            yield self.toolchain_file.document


def discover(
    paths: Iterable[str], include_home_config: bool = False, exclude: Sequence[str] = ()
) -> list[Workspace]:
    """Every workspace the paths belong to, each once, in the order the paths name them.
    `exclude`: patterns of directories a walk skips, beside the `exclude` setting of the
    manifest where it starts."""
    loader = Loader()
    manifests: list[str] = []
    for given in paths:
        manifests.extend(map(str, _manifests_for(Path(given), loader, exclude)))
    workspaces: dict[str, Workspace] = {}
    member_of: dict[str, str] = {}
    for manifest in manifests:
        if manifest in member_of or manifest in workspaces:
            continue
        loaded = loader.read_str(manifest)
        document = loaded if isinstance(loaded, TomlDocument) else None
        root = find_root(manifest, document, loader) or manifest
        root_document = loader.read_str(root)
        if root != manifest and not (
            isinstance(root_document, TomlDocument) and "workspace" in root_document.data
        ):
            root = manifest  # `package.workspace` points at no workspace: BL013 says so
        if root not in workspaces:
            workspace = _load_workspace(Path(root), loader, include_home_config)
            workspaces[root] = workspace
            member_of.update(dict.fromkeys((str(m.path) for m in workspace.members), root))
        if manifest != root and manifest not in member_of and document is not None:
            workspaces[root].orphans.append(document)
            member_of[manifest] = root
    return list(workspaces.values())


def _manifests_for(path: Path, loader: Loader, exclude: Sequence[str]) -> list[Path]:
    if not path.exists():
        raise UsageError(f"path `{path}` does not exist")
    if path.is_dir():
        if path.name == "Cargo.toml":
            raise UsageError(f"`{path}` is a directory, not a manifest")
        return sorted(_walk_manifests(path, loader, exclude))
    if path.name != "Cargo.toml":
        return _manifests_for_other_file(path, loader, exclude)
    return [Path(os.path.normpath(path.absolute()))]


def _manifests_for_other_file(path: Path, loader: Loader, exclude: Sequence[str]) -> list[Path]:
    """A config or toolchain file stands for the workspace above it, a CI file for every
    workspace of its repository (pre-commit passes them)."""
    absolute = Path(os.path.normpath(path.absolute()))
    if ".github" in absolute.parts[:-1]:
        github = max(i for i, part in enumerate(absolute.parts[:-1]) if part == ".github")
        return sorted(_walk_manifests(Path(*absolute.parts[:github]), loader, exclude))
    for directory in absolute.parents:
        candidate = directory / "Cargo.toml"
        if candidate.is_file():
            return [candidate]
    raise UsageError(f"`{path}` is not a Cargo.toml and no Cargo.toml stands above it")


def _walk_manifests(top: Path, loader: Loader, exclude: Sequence[str]) -> Iterator[Path]:
    """The manifests below `top`, skipping the directories that `exclude` (relative to `top`)
    and the `exclude` settings of the manifests above and inside the walk name: a manifest's
    patterns hold for the directories below its own, as ruff's nested settings do, so
    `buildlint tests/` skips what the repository root excludes."""
    root = os.path.normpath(top.absolute())
    inherited: list[ExcludePattern] = [(root, pattern) for pattern in exclude]
    boundary = project_boundary(Path(root))
    if str(boundary) != root:
        for above in _dirs_up_to(Path(root).parent, boundary):
            # a pattern that excludes the directory given, or one above it, is overridden by
            # naming it: what it holds is linted all the same
            inherited += [
                pattern
                for pattern in _excluded_by_settings(str(above), loader)
                if not any(
                    _excluded(str(given), [pattern])
                    for given in _dirs_up_to(Path(root), above)
                    if given != above
                )
            ]
    patterns_below = {root: inherited}
    # os.walk does not follow symlinked directories, so symlink loops cannot trap it
    for directory, dirnames, filenames in os.walk(root):
        patterns = patterns_below.pop(directory)
        has_manifest = "Cargo.toml" in filenames and os.path.isfile(
            candidate := os.path.join(directory, "Cargo.toml")
        )
        if has_manifest:
            patterns = patterns + _excluded_by_settings(directory, loader)
        kept: list[str] = []
        for name in sorted(dirnames):
            below = os.path.join(directory, name)
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            if patterns and _excluded(below, patterns):
                continue
            kept.append(name)
            patterns_below[below] = patterns
        dirnames[:] = kept
        if has_manifest:
            yield Path(candidate)


# A shell-style pattern and the directory it is relative to.
ExcludePattern = tuple[str, str]


def _excluded_by_settings(directory: str, loader: Loader) -> list[ExcludePattern]:
    """The `exclude` setting of the manifest in `directory`, if it has one (BL009 checks it with
    the other settings; here only a list of strings counts)."""
    document = loader.read_str(os.path.join(directory, "Cargo.toml"))
    if not isinstance(document, TomlDocument):
        return []
    for table in ("workspace", "package"):
        settings = _table(_table(_table(document.data, table), "metadata"), "buildlint")
        patterns = settings.get("exclude")
        if isinstance(patterns, list):
            return [(directory, pattern) for pattern in patterns if isinstance(pattern, str)]
    return []


def _excluded(directory: str, patterns: Sequence[ExcludePattern]) -> bool:
    """Whether a directory's path relative to a pattern's base matches it (shell-style: `*`
    also matches `/`; `\\` is read as `/`; a leading `./` and a trailing `/` are ignored)."""
    return any(
        fnmatch.fnmatchcase(Path(os.path.relpath(directory, base)).as_posix(), _pattern(pattern))
        for base, pattern in patterns
    )


def _pattern(written: str) -> str:
    pattern = written.replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.strip("/")


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _load_workspace(root: Path, loader: Loader, include_home_config: bool) -> Workspace:
    manifest = loader.read(root)
    if isinstance(manifest, LoadProblem):
        # An unreadable manifest still gets a workspace, empty, so that its problem is reported
        # through the same rule as every other file's and its config files are still linted.
        workspace = Workspace(root.parent, manifest.as_document())
        workspace.problems.append(manifest)
    else:
        workspace = Workspace(root_dir=root.parent, manifest=manifest)
    try:
        _load_members(workspace, loader)
        boundary = project_boundary(root.parent)
        _load_configs(workspace, boundary, loader, include_home_config)
        _load_toolchain(workspace, boundary, loader)
    except Exception as error:  # one workspace's failure never hides the others (BL000)
        workspace.failure = error
    return workspace


def _load_members(workspace: Workspace, loader: Loader) -> None:
    manifest = workspace.manifest
    pointer = _table(manifest.data, "package").get("workspace")
    if "workspace" not in manifest.data:
        if isinstance(pointer, str):
            workspace.membership_problems.append(
                KeyProblem(
                    str(manifest.path),
                    ("package", "workspace"),
                    f"`package.workspace` points at `{pointer}`, which is not a workspace root",
                    "point it at the directory whose `Cargo.toml` has `[workspace]`",
                )
            )
        return
    membership = workspace_members(manifest, loader)
    workspace.membership_problems = membership.problems
    workspace.standalone_dependencies = membership.standalone_dependencies
    for path in membership.manifests:
        if path == str(manifest.path):
            continue
        loaded = loader.read_str(path)
        if isinstance(loaded, LoadProblem):
            workspace.problems.append(loaded)
        elif isinstance(loaded, TomlDocument):
            workspace.members.append(loaded)


def project_boundary(root_dir: Path) -> Path:
    """The repository root above the workspace, or the workspace root when there is none."""
    for directory in (root_dir, *root_dir.parents):
        if (directory / ".git").exists():
            return directory
    return root_dir


def _dirs_up_to(start: Path, boundary: Path) -> Iterator[Path]:
    for directory in (start, *start.parents):
        yield directory
        if directory == boundary:
            return


def _load_configs(
    workspace: Workspace, boundary: Path, loader: Loader, include_home_config: bool
) -> None:
    dot_cargo_dirs = [
        directory / ".cargo" for directory in _dirs_up_to(workspace.root_dir, boundary)
    ]
    if include_home_config:
        home = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")
        if home.resolve() not in [d.resolve() for d in dot_cargo_dirs]:
            dot_cargo_dirs.append(home)
    for directory in dot_cargo_dirs:
        present = [directory / name for name in CONFIG_NAMES if (directory / name).is_file()]
        if not present:
            continue
        used = present[0]
        for ignored in present[1:]:
            if used.resolve() != ignored.resolve():  # a symlink to the .toml is the advised setup
                workspace.shadowed.append(ShadowedFile(used, ignored, display_path(ignored)))
        _add_config(workspace, used, loader, set(), ())


def _add_config(
    workspace: Workspace, path: Path, loader: Loader, tree: set[Path], ancestry: tuple[Path, ...]
) -> None:
    """A config file, then the files it includes: the later include outranks the earlier one,
    the including file outranks them all (checked with cargo 1.95). Cargo refuses a file met
    twice in one file's include tree as a cycle, even on two branches."""
    tree.add(path)
    loaded = loader.read(path)
    if isinstance(loaded, LoadProblem):
        workspace.problems.append(loaded)
        return
    workspace.configs.append(loaded)
    for key, target, optional in reversed(_includes(workspace, loaded)):
        shown = display_path(target)
        if target in tree:
            problem = (
                f"`include` of `{shown}` forms a cycle"
                if target in (*ancestry, path)
                else f"`{shown}` is included twice, which Cargo refuses as a cycle"
            )
            workspace.include_problems.append(
                KeyProblem(str(path), key, problem, "remove one of the includes of the cycle")
            )
        elif target.is_file():
            _add_config(workspace, target, loader, tree, (*ancestry, path))
        elif not optional:
            workspace.include_problems.append(
                KeyProblem(
                    str(path),
                    key,
                    f"included config file `{shown}` does not exist",
                    "correct the path (it is relative to this file), or mark it `optional = true`",
                )
            )


def _includes(workspace: Workspace, document: TomlDocument) -> list[tuple[KeyPath, Path, bool]]:
    """The files `include` names: (key, path, optional); what Cargo refuses is recorded."""
    value = document.data.get("include")
    if value is None:
        return []
    problem = workspace.include_problems.append
    here = str(document.path)
    if not isinstance(value, list):
        problem(
            KeyProblem(
                here,
                ("include",),
                f"`include` must be an array of paths or tables, found {toml_type(value)}",
                'write `include = ["other.toml"]`',
            )
        )
        return []
    found: list[tuple[KeyPath, Path, bool]] = []
    for index, item in enumerate(value):
        key: KeyPath = ("include", index)
        entry = item if isinstance(item, dict) else {"path": item}
        path, optional = entry.get("path"), entry.get("optional", False)
        if not isinstance(path, str) or not isinstance(optional, bool):
            what = (
                "a string or a table with a string `path`"
                if not isinstance(path, str)
                else ("`optional` to be `true` or `false`")
            )
            problem(
                KeyProblem(
                    here, key, f"`include` entry must be {what}", 'write `{ path = "other.toml" }`'
                )
            )
            continue
        if not path.endswith(".toml"):
            problem(
                KeyProblem(
                    here,
                    key,
                    f"included config file `{path}` does not end in `.toml`",
                    "Cargo includes only `.toml` files: rename it",
                )
            )
            continue
        found.append((key, Path(os.path.normpath(document.path.parent / path)), optional))
    return found


def _load_toolchain(workspace: Workspace, boundary: Path, loader: Loader) -> None:
    for directory in _dirs_up_to(workspace.root_dir, boundary):
        present = [directory / name for name in TOOLCHAIN_NAMES if (directory / name).is_file()]
        if not present:
            continue
        path = present[0]
        for ignored in present[1:]:
            workspace.shadowed.append(ShadowedFile(path, ignored, display_path(ignored)))
        workspace.toolchain_file = _read_toolchain(workspace, path, loader)
        return


def _read_toolchain(workspace: Workspace, path: Path, loader: Loader) -> ToolchainFile | None:
    display = display_path(path)
    if path.name == "rust-toolchain":
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            text = "["  # let the TOML reader report it
        if text and "\n" not in text and not any(c in text for c in "=[]\"'#"):
            return ToolchainFile(path, display, Toolchain.from_spec(text), None)
    loaded = loader.read(path)
    if isinstance(loaded, LoadProblem):
        workspace.problems.append(loaded)
        return None
    channel = _table(loaded.data, "toolchain").get("channel")
    toolchain = Toolchain.from_spec(channel) if isinstance(channel, str) else Toolchain()
    return ToolchainFile(path, display, toolchain, loaded)


def rust_versions(workspace: Workspace) -> list[tuple[TomlDocument, str]]:
    """Each `rust-version` a package of the workspace declares, with the document naming it;
    when none does, the `[workspace.package]` one, which still says what the project supports."""
    found = package_rust_versions(workspace)
    inherited = _table(_table(workspace.manifest.data, "workspace"), "package").get("rust-version")
    if not found and isinstance(inherited, str):
        found.append((workspace.manifest, inherited))
    return found


def package_rust_versions(workspace: Workspace) -> list[tuple[TomlDocument, str]]:
    """Each `rust-version` a package of the workspace has, its own or inherited (`{ workspace =
    true }`: then with the root manifest, which names it)."""
    inherited = _table(_table(workspace.manifest.data, "workspace"), "package").get("rust-version")
    found: list[tuple[TomlDocument, str]] = []
    for document in (workspace.manifest, *workspace.members):
        package = _table(document.data, "package")
        value = package.get("rust-version")
        if isinstance(value, dict) and value.get("workspace") is True:
            value = inherited
            document = workspace.manifest
        if isinstance(value, str):
            found.append((document, value))
    return found
