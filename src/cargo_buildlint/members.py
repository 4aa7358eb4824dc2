"""Which packages belong to a workspace, and which workspace a package belongs to, as Cargo
decides (cargo 1.95, `core/workspace.rs`; every rule below was checked with `cargo metadata`).

- Members are the `members` entries (globs of the `glob` crate: `*` also matches hidden
  names, matches that are not directories are dropped, an entry that matches nothing stands
  for itself), the root package, and every path dependency of a member, of any kind and at
  any depth, that lies below the root or names this root in `package.workspace`.
- `exclude` entries are plain path prefixes (no globs, `..` never matches); an exclusion is
  void when a raw `members` string is a prefix too, so a listed member inside an excluded
  directory stays a member.
- A package's workspace root is itself when it has `[workspace]`, where its
  `package.workspace` points, or the nearest ancestor `[workspace]` that does not exclude it
  (an ancestor package with `package.workspace` redirects the search).

Paths are normalised as text and never resolved, as Cargo does: resolving costs a system call
per component, which dominated the scan of a 1,000-member workspace.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from .diagnostic import KeyPath
from .load import KeyProblem, Loader, LoadProblem
from .source import TomlDocument

DEPENDENCY_TABLES = (
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
)
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Membership:
    """The manifests of a workspace's members, root included, in Cargo's order."""

    manifests: list[str] = field(default_factory=list)
    problems: list[KeyProblem] = field(default_factory=list)
    # path dependencies outside the root that belong to no workspace: not members, but Cargo
    # loads them, and refuses the workspace when one of them cannot be loaded
    standalone_dependencies: list[TomlDocument] = field(default_factory=list)


def table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[tuple[int, str]]:
    return (
        [(i, s) for i, s in enumerate(value) if isinstance(s, str)]
        if isinstance(value, list)
        else []
    )


def is_below(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _prefix(root_dir: str, entry: str) -> str:
    """`root_dir` joined with `entry` as Rust's `Path` compares it: `.` and empty components
    drop out, `..` stays (so it never matches a normalised path)."""
    parts = [part for part in entry.split("/") if part not in ("", ".")]
    return os.path.join(os.sep if entry.startswith("/") else root_dir, *parts)


def is_excluded(root_dir: str, workspace: dict[str, Any], manifest: str) -> bool:
    """Whether the workspace's `exclude` keeps `manifest` out (reference: `is_excluded`)."""
    excluded = any(
        is_below(manifest, _prefix(root_dir, entry))
        for _, entry in _strings(workspace.get("exclude"))
    )
    if not excluded:
        return False
    return not any(
        is_below(manifest, _prefix(root_dir, entry))
        for _, entry in _strings(workspace.get("members"))
    )


class GlobError(ValueError):
    pass


class _Relative:
    """A member's directory relative to the root, as text only when a message needs it:
    `relpath` costs more than the rest of a member's visit."""

    def __init__(self, manifest: str, root_dir: str) -> None:
        self.manifest, self.root_dir = manifest, root_dir

    def __str__(self) -> str:
        return os.path.relpath(os.path.dirname(self.manifest), self.root_dir)


def expand_glob(root_dir: str, entry: str) -> tuple[list[str], bool]:
    """The directories a `members` entry matches, sorted, and whether it matched anything at
    all (files too: Cargo drops them, but then takes no fallback path)."""
    base = os.sep if entry.startswith("/") else root_dir
    parts = [part for part in entry.split("/") if part]
    current: list[tuple[str, bool]] = [(base, True)]  # (path, is a directory)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        directories = [path for path, is_dir in current if is_dir]
        if part == "**":
            found: list[tuple[str, bool]] = []
            for directory in directories:
                if not last:
                    found.append((directory, True))  # `**` also matches no directory at all
                found += _descendants(directory, with_files=last)
            current = found
        elif not _GLOB_CHARS.intersection(part):
            joined = [os.path.join(path, part) for path in directories]
            current = [(path, os.path.isdir(path)) for path in joined if os.path.exists(path)]
        else:
            _check_pattern(part)
            current = [
                (os.path.join(directory, name), is_dir)
                for directory in directories
                for name, is_dir in _entries(directory, part)
                if fnmatchcase(name, part)
            ]
    found_dirs = {os.path.normpath(path) for path, is_dir in current if is_dir}
    return sorted(found_dirs), bool(current)


def _check_pattern(part: str) -> None:
    if "**" in part:
        raise GlobError("recursive wildcards must form a single path component")
    index = part.find("[")
    while index >= 0:
        start = index + 2 if part[index + 1 : index + 2] == "!" else index + 1
        close = part.find("]", start + 1)  # a `]` right after `[` or `[!` is a member
        if close < 0:
            raise GlobError("invalid range pattern")
        index = part.find("[", close + 1)


def _entries(directory: str, part: str) -> list[tuple[str, bool]]:
    """(name, is a directory) of a directory's entries, from one `scandir`."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted((entry.name, entry.is_dir()) for entry in scan)
    except OSError:
        return []
    # the glob crate offers `.` and `..` to a pattern that starts with a literal dot
    return [*entries, (".", True), ("..", True)] if part.startswith(".") else entries


def _descendants(directory: str, with_files: bool) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    # os.walk does not follow symlinked directories, so symlink loops cannot trap it
    for path, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        found += [(os.path.join(path, name), True) for name in dirnames]
        if with_files:
            found += [(os.path.join(path, name), False) for name in filenames]
    return found


def dependency_tables(data: dict[str, Any]) -> list[tuple[KeyPath, dict[str, Any]]]:
    """Every dependency table of a manifest, of every kind and target, with its key."""
    tables: list[tuple[KeyPath, dict[str, Any]]] = [
        ((kind,), table(data, kind)) for kind in DEPENDENCY_TABLES
    ]
    for target, settings in table(data, "target").items():
        tables += [(("target", target, kind), table(settings, kind)) for kind in DEPENDENCY_TABLES]
    return tables


def path_dependencies(document: TomlDocument, root: TomlDocument) -> list[tuple[KeyPath, str, str]]:
    """(key, name, manifest path) of every path dependency, of every kind and target."""
    inherited = table(table(root.data, "workspace"), "dependencies")
    if "path" not in document.text and not any(
        isinstance(spec, dict) and "path" in spec for spec in inherited.values()
    ):
        return []  # most members of a large workspace: no need to walk their tables
    tables = dependency_tables(document.data)
    here, root_dir = os.path.dirname(str(document.path)), os.path.dirname(str(root.path))
    found: list[tuple[KeyPath, str, str]] = []
    for prefix, dependencies in tables:
        for name, spec in dependencies.items():
            if not isinstance(spec, dict):
                continue
            if isinstance(spec.get("path"), str):
                base = spec.get("base")
                if base is not None and base != "workspace":
                    # a `[path-bases]` entry of a config file (nightly `path-bases`): where
                    # it points is not known here, so the dependency is left alone
                    continue
                start = root_dir if base == "workspace" else here
                directory = os.path.join(start, spec["path"])
                found.append(((*prefix, name, "path"), name, directory))
            elif (
                spec.get("workspace") is True
                and isinstance(table(inherited, name).get("path"), str)
                and table(inherited, name).get("base") in (None, "workspace")
            ):
                directory = os.path.join(root_dir, inherited[name]["path"])
                found.append(((*prefix, name), name, directory))
    return [
        (key, name, os.path.normpath(os.path.join(directory, "Cargo.toml")))
        for key, name, directory in found
    ]


def workspace_members(root: TomlDocument, loader: Loader) -> Membership:
    """Every member of the workspace whose root manifest is `root`, and Cargo's objections."""
    membership = Membership()
    root_path = os.path.normpath(str(root.path))
    root_dir = os.path.dirname(root_path)
    workspace = table(root.data, "workspace")
    seen: set[str] = set()
    passed_over: set[str] = set()
    # (manifest, where it was named: file, key, entry text, glob) in Cargo's visiting order
    pending: list[tuple[str, str, KeyPath, str, bool]] = []
    for index, entry in _strings(workspace.get("members")):
        key: KeyPath = ("workspace", "members", index)
        try:
            directories, matched = _directories(root_dir, entry)
        except GlobError as error:
            membership.problems.append(
                KeyProblem(
                    root_path,
                    key,
                    f"`members` entry `{entry}` is not a valid glob: {error}",
                    "correct the pattern",
                )
            )
            continue
        is_glob = bool(_GLOB_CHARS.intersection(entry))
        pending += [
            (os.path.join(directory, "Cargo.toml"), root_path, key, entry, is_glob and matched)
            for directory in directories
        ]
    pending.append((root_path, root_path, (), "", False))
    pending.reverse()  # a stack: the first entry is visited first
    while pending:
        manifest, named_in, key, entry, matched = pending.pop()
        is_dependency = key[:2] != ("workspace", "members") and key != ()
        # A manifest left out as a path dependency is visited again when `members` names it
        # (Cargo then refuses it if it lies outside the root); a member is visited once.
        if manifest in seen or (is_dependency and manifest in passed_over):
            continue
        document = _visit(
            manifest, named_in, key, entry, matched, is_dependency, root, membership, loader
        )
        if document is None:
            (passed_over if is_dependency else seen).add(manifest)
            continue
        seen.add(manifest)
        membership.manifests.append(manifest)
        if isinstance(document, LoadProblem) or "package" not in document.data:
            continue
        dependencies = path_dependencies(document, root)
        pending += [
            (path, manifest, dep_key, name, False)
            for dep_key, name, path in reversed(dependencies)
            if path not in seen and path not in passed_over
        ]
    _check_default_members(root_dir, root_path, workspace, membership)
    return membership


def _visit(
    manifest: str,
    named_in: str,
    key: KeyPath,
    entry: str,
    matched: bool,
    is_dependency: bool,
    root: TomlDocument,
    membership: Membership,
    loader: Loader,
) -> TomlDocument | LoadProblem | None:
    """The member's document when it is one; None when it is not (problems recorded)."""
    root_path = os.path.normpath(str(root.path))
    root_dir = os.path.dirname(root_path)
    workspace = table(root.data, "workspace")
    problem = membership.problems.append
    below = is_below(os.path.dirname(manifest), root_dir)
    if manifest != root_path and is_excluded(root_dir, workspace, manifest):
        return None
    loaded = loader.read_str(manifest)
    relative = _Relative(manifest, root_dir)  # computed only for a message
    if loaded is None:  # no such file
        if is_dependency:
            problem(
                KeyProblem(
                    named_in,
                    key,
                    f"path dependency `{entry}` has no `Cargo.toml` at `{relative}`",
                    "correct the `path`, or remove the dependency",
                )
            )
        elif matched:
            problem(
                KeyProblem(
                    named_in,
                    key,
                    f"`members` entry `{entry}` matches `{relative}`, which has no `Cargo.toml`",
                    f"add `{relative}` to `exclude`, or remove the directory",
                )
            )
        elif _GLOB_CHARS.intersection(entry):
            problem(
                KeyProblem(
                    named_in,
                    key,
                    f"`members` entry `{entry}` matches no directory",
                    "correct the pattern, or remove the entry",
                )
            )
        else:
            problem(
                KeyProblem(
                    named_in,
                    key,
                    f"`members` entry `{entry}` has no `Cargo.toml`",
                    "correct the path, or remove the entry",
                )
            )
        return None
    if isinstance(loaded, LoadProblem):
        return loaded  # a member all the same; BL001 reports why it cannot be read
    if manifest == root_path:
        return loaded
    pointer = table(loaded.data, "package").get("workspace")
    points_here = (
        isinstance(pointer, str)
        and os.path.normpath(os.path.join(os.path.dirname(manifest), pointer, "Cargo.toml"))
        == root_path
    )
    what = f"path dependency `{entry}`" if is_dependency else f"`members` entry `{entry}`"
    # Outside the root, a package is a member only when its own search for a root (its
    # `package.workspace`, or an ancestor's) ends here.
    own_root = None if below or points_here else find_root(manifest, loaded, loader)
    joins = below or points_here or own_root == root_path
    if is_dependency and not joins:
        if own_root is None and "package" in loaded.data:
            membership.standalone_dependencies.append(loaded)
        return None  # a path dependency outside the workspace is simply not a member
    if "workspace" in loaded.data:
        problem(
            KeyProblem(
                named_in,
                key,
                f"{what} is a workspace root of its own (`{relative}/Cargo.toml` has "
                "`[workspace]`)",
                "remove its `[workspace]` table, or keep it out of this workspace",
            )
        )
        return None
    if isinstance(pointer, str) and not points_here:
        problem(
            KeyProblem(
                named_in,
                key,
                f"{what} belongs to another workspace (its `package.workspace` is `{pointer}`)",
                "point its `package.workspace` at this workspace, or keep it out of this one",
            )
        )
        return None
    if not joins:
        back = os.path.relpath(root_dir, os.path.dirname(manifest))
        problem(
            KeyProblem(
                named_in,
                key,
                f"`members` entry `{entry}` is not below the workspace root",
                f'move it below the root, or add `package.workspace = "{back}"` to its manifest',
            )
        )
        return None
    return loaded


def _directories(root_dir: str, entry: str) -> tuple[list[str], bool]:
    """What an entry names: the directories it matches, or the entry itself as a path when it
    matches nothing; and whether it matched. Raises GlobError."""
    directories, matched = expand_glob(root_dir, entry)
    if not matched:
        return [os.path.normpath(os.path.join(root_dir, entry))], False
    return directories, True


def _check_default_members(
    root_dir: str, root_path: str, workspace: dict[str, Any], membership: Membership
) -> None:
    defaults = _strings(workspace.get("default-members"))
    if not defaults:
        return
    members = {os.path.dirname(path) for path in membership.manifests}
    listed: set[str] = set()
    for _, entry in _strings(workspace.get("members")):
        with contextlib.suppress(GlobError):  # reported with `members`
            listed.update(_directories(root_dir, entry)[0])
    for index, entry in defaults:
        key = ("workspace", "default-members", index)
        try:
            hits = _directories(root_dir, entry)[0]
        except GlobError as error:
            membership.problems.append(
                KeyProblem(
                    root_path,
                    key,
                    f"`default-members` entry `{entry}` is not a valid glob: {error}",
                    "correct the pattern",
                )
            )
            continue
        for hit in map(os.path.normpath, hits):
            manifest = os.path.join(hit, "Cargo.toml")
            if hit in members or (hit in listed and is_excluded(root_dir, workspace, manifest)):
                continue
            membership.problems.append(
                KeyProblem(
                    root_path,
                    key,
                    f"`default-members` entry `{entry}` is not a workspace member",
                    "add it to `members`, or remove the entry",
                )
            )
            break


def find_root(manifest: str, document: TomlDocument | None, loader: Loader) -> str | None:
    """The root manifest of the workspace Cargo puts `manifest` in; None when it has none."""
    own = _root_named_by(manifest, document, manifest)
    if own is not None:
        return own
    directory = os.path.dirname(os.path.dirname(manifest))
    while True:
        candidate = os.path.join(directory, "Cargo.toml")
        loaded = loader.read_str(candidate)
        if isinstance(loaded, TomlDocument):
            found = _root_named_by(candidate, loaded, manifest)
            if found is not None:
                return found
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _root_named_by(path: str, document: TomlDocument | None, manifest: str) -> str | None:
    """The root `path`'s manifest names for `manifest`: itself when it is a workspace that
    does not exclude `manifest`, or where its `package.workspace` points."""
    if document is None:
        return None
    if "workspace" in document.data:
        workspace = table(document.data, "workspace")
        if path == manifest or not is_excluded(os.path.dirname(path), workspace, manifest):
            return path
        return None
    pointer = table(document.data, "package").get("workspace")
    if isinstance(pointer, str):
        return os.path.normpath(os.path.join(os.path.dirname(path), pointer, "Cargo.toml"))
    return None
