"""Applying fixes to the user's files, changing the intended keys and nothing else.

A fix is a set of key edits; `text_edits` turns them into minimal edits of the file's text, so
every other byte stays as the user wrote it. Before a file is written, the result must parse,
and its data must equal the original data with exactly the intended edits applied; the file
must still hold what was linted (nobody changed it during the run). A fix is applied whole or
not at all: when one of its files cannot be fixed, none of its edits is made.

Writing goes through a symlink to its target, keeps the owner, group and mode (a new file gets
the umask's mode), keeps hard links (such a file is rewritten in place), and otherwise goes
through a temporary file renamed over the original, so a failure leaves it untouched.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli

from .diagnostic import Applicability, Diagnostic, Edit, Fix, KeyPath
from .paths import display_path
from .text_edits import EditError, EditPlanner, apply_text_edits

if TYPE_CHECKING:
    from .discover import Workspace
    from .project import Project


class FixError(Exception):
    """A fix that could not be applied safely; the file was left untouched."""


@dataclass(frozen=True)
class FileChange:
    path: Path
    before: str  # "" for a file that did not exist
    after: str
    fixed: tuple[Diagnostic, ...]


def chosen_fixes(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The findings whose fixes to apply now: each fix whole, and none that edits a key (or a
    table around it) an earlier fix edits; those wait for the next round."""
    chosen: list[Diagnostic] = []
    claimed: list[Edit] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or fix.applicability is Applicability.MANUAL:
            continue
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        if any(edit.overlaps(other) for edit in fix.edits for other in claimed):
            continue
        claimed += fix.edits
        chosen.append(diagnostic)
    return chosen


def plan_changes(
    diagnostics: Sequence[Diagnostic], linted: dict[Path, str], unsafe: bool
) -> tuple[list[FileChange], list[str]]:
    """The new text of each file to fix, and why any fix could not be applied.

    `linted` holds the text buildlint read for each file; a file whose content differs now was
    changed during the run and is refused.
    """
    fixes = chosen_fixes(diagnostics, unsafe)
    refused: list[str] = []
    while True:
        changes: list[FileChange] = []
        failed: dict[Path, str] = {}
        for path, fixed in _by_file(fixes).items():
            try:
                current = _read(path)
                if path in linted and current != linted[path]:
                    raise FixError("it changed on disk while buildlint ran")
                edits = [edit for d in fixed for edit in _fix_of(d).edits if edit.file == path]
                after = apply_edits(current, edits)
            except FixError as error:
                failed[path] = str(error)
                continue
            if after != current:
                changes.append(FileChange(path, current, after, tuple(fixed)))
        if not failed:
            return changes, refused
        refused += [f"{path}: not fixed: {reason}" for path, reason in failed.items()]
        # A fix is applied whole or not at all: drop every fix that touches a refused file.
        fixes = [d for d in fixes if not {e.file for e in _fix_of(d).edits} & failed.keys()]


def _fix_of(diagnostic: Diagnostic) -> Fix:
    assert diagnostic.fix is not None, "only findings with fixes are chosen"
    return diagnostic.fix


def _by_file(fixes: list[Diagnostic]) -> dict[Path, list[Diagnostic]]:
    by_file: dict[Path, list[Diagnostic]] = {}
    for diagnostic in fixes:
        for file in dict.fromkeys(edit.file for edit in _fix_of(diagnostic).edits):
            by_file.setdefault(file, []).append(diagnostic)
    return by_file


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError as error:
        raise FixError("it is not valid UTF-8") from error
    except OSError as error:
        raise FixError(f"cannot read it: {error.strerror or error}") from error


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with the edits applied, verified to change nothing else."""
    try:
        original = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:
        raise FixError(f"it is not valid TOML: {error}") from error
    expected = copy.deepcopy(original)
    planner = EditPlanner(text, original)
    try:
        for edit in edits:
            planner.set(edit.key, edit.value)
            _set_in_data(expected, edit.key, edit.value)
        result = apply_text_edits(text, planner.finish())
    except EditError as error:
        raise FixError(str(error)) from error
    try:
        produced = tomli.loads(result.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:
        raise FixError(f"the fixed file would not parse: {error}") from error
    # A table emptied by a removal may go with it (`[profile.doc]` was the only profile)
    if _without_empty_tables(produced) != _without_empty_tables(expected):
        raise FixError("the fix would change more than the intended keys")
    return result


def _without_empty_tables(data: Any) -> Any:
    if isinstance(data, dict):
        kept = {key: _without_empty_tables(value) for key, value in data.items()}
        return {key: value for key, value in kept.items() if value != {}}
    return data


def _set_in_data(data: dict[str, Any], key: KeyPath, value: object) -> None:
    table: Any = data
    for part in key[:-1]:
        table = table.setdefault(part, {})
    if value is None:
        table.pop(key[-1], None)
    else:
        table[key[-1]] = copy.deepcopy(value)


def write_atomically(change: FileChange) -> None:
    """Replace the file's content, through a symlink to its target, keeping owner, group,
    mode and hard links; a new file gets the mode the umask gives."""
    path = Path(os.path.realpath(change.path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        status: os.stat_result | None = path.stat()
    except FileNotFoundError:
        status = None
    if _read(path) != change.before:
        raise FixError("it changed on disk while buildlint ran")
    data = change.after.encode("utf-8")
    if status is not None and status.st_nlink > 1:
        # Renaming would split the hard links: rewrite the one file they all name.
        with path.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
        return
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if status is not None:
            Path(temporary).chmod(stat.S_IMODE(status.st_mode))
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(temporary, status.st_uid, status.st_gid)
        else:
            Path(temporary).chmod(0o666 & ~_umask())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def unified_diff(change: FileChange, display: str) -> str:
    import difflib

    before = _lines_with_ends(change.before)
    after = _lines_with_ends(change.after)
    old = display if change.before else "/dev/null"
    lines = difflib.unified_diff(
        before, after, f"a/{display}" if change.before else old, f"b/{display}"
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _lines_with_ends(text: str) -> list[str]:
    """Lines ending at LF only (TOML's line end), unlike `str.splitlines`."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


@dataclass(frozen=True)
class ProjectCopy:
    """A copy of a project's files under `base`, mirroring the tree below `root`."""

    root: Path
    base: Path

    def mirror(self, path: Path) -> Path:
        return self.base / _absolute(path).relative_to(self.root)

    def original(self, copied: Path) -> Path:
        return self.root / copied.relative_to(self.base)


def _absolute(path: Path) -> Path:
    """Absolute and normalised, but with symlinks kept: they are part of what is copied."""
    return Path(os.path.normpath(path.absolute()))


@contextlib.contextmanager
def copy_project(
    files: list[Path], anchors: list[Path], repositories: Sequence[Path] = ()
) -> Iterator[ProjectCopy]:
    """Copy `files` byte for byte into a temporary tree; `anchors` (the paths the user gave)
    must map into it too. A symlink whose target lies in the tree stays a symlink, so that a
    fix writes through it as `--fix` would. `repositories` (the directories holding a `.git`)
    get one in the copy too, so that discovery stops where it stops in the original."""
    everything = [_absolute(path) for path in (*files, *anchors)]
    root = Path(os.path.commonpath(everything))
    if root.is_file():
        root = root.parent
    with tempfile.TemporaryDirectory(prefix="buildlint-diff-") as temporary:
        copy = ProjectCopy(root, Path(temporary) / "project")
        copy.base.mkdir(parents=True)
        for repository in repositories:
            inside = _absolute(repository).is_relative_to(root)
            marker = (copy.mirror(repository) if inside else copy.base) / ".git"
            marker.mkdir(parents=True, exist_ok=True)
        # the paths the user gave too: a legacy toolchain file or a shadowed config is no
        # document buildlint read, but discovery in the copy starts from it
        for path in (*files, *(anchor for anchor in anchors if anchor.is_file())):
            _copy_file(copy, path)
        yield copy


def _copy_file(copy: ProjectCopy, path: Path) -> None:
    if not path.is_file():
        return
    destination = copy.mirror(path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if target.is_relative_to(copy.root):
            _copy_file(copy, target)
            if not destination.exists():
                destination.symlink_to(os.path.relpath(copy.mirror(target), destination.parent))
            return
    if not destination.exists():
        shutil.copy2(path, destination)


def changed_files(copy: ProjectCopy) -> list[FileChange]:
    """The files of the copy that differ from the originals, new files included."""
    changes = []
    copied_files = sorted(
        p
        for p in copy.base.rglob("*")
        if p.is_file() and not p.is_symlink() and ".git" not in p.parts
    )
    for copied in copied_files:
        original = copy.original(copied)
        if original.is_file() and original.read_bytes() == copied.read_bytes():
            continue  # unchanged, whatever it holds (a fix never writes a non-UTF-8 file)
        changes.append(FileChange(original, _read(original), _read(copied), ()))
    return changes


def redirect_to_config(diagnostics: list[Diagnostic], project: Project) -> list[Diagnostic]:
    """`--fix-to config`: profile settings the manifest does not have yet go to the
    workspace's `.cargo/config.toml` instead (the guide's choice for contributors who must not
    change the manifest); settings the manifest already has are still fixed where they are."""
    from .placement import config_path

    manifest = project.manifest
    config = config_path(project)
    redirected = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None:
            edits = tuple(
                Edit(config, edit.key, edit.value)
                if edit.file == manifest.path
                and edit.key[:1] == ("profile",)
                and not manifest.has(edit.key)
                else edit
                for edit in fix.edits
            )
            diagnostic = dataclasses.replace(diagnostic, fix=dataclasses.replace(fix, edits=edits))
        redirected.append(diagnostic)
    return redirected


def config_channels(workspaces: Sequence[Workspace]) -> dict[Path, set[str]]:
    """For each config file of the run, the channels of the workspaces that read it."""
    channels: dict[Path, set[str]] = {}
    for workspace in workspaces:
        channel = "nightly" if workspace.toolchain.is_nightly else "stable"
        for document in workspace.configs:
            channels.setdefault(document.path, set()).add(channel)
    return channels


def withhold_channel_fixes(
    diagnostics: list[Diagnostic], workspace: Workspace, channels: dict[Path, set[str]]
) -> list[Diagnostic]:
    """A fix that assumes one toolchain channel (it adds nightly-only settings, or removes
    `[unstable]`, which only stable ignores) would break a workspace on the other channel that
    reads the same config file (a repository's root `.cargo/config.toml` above nested
    workspaces): offer none, and say why. A config file above the workspace root may be read
    by workspaces this run did not see, so it counts as shared."""
    withheld = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and fix.for_channel is not None:
            shared = [
                edit.file
                for edit in fix.edits
                if channels.get(edit.file, set()) - {fix.for_channel}
                or not edit.file.is_relative_to(workspace.root_dir)
            ]
            if shared:
                other = "nightly" if fix.for_channel == "stable" else "stable"
                note = (
                    f"no fix: `{display_path(shared[0])}` may also be read by a workspace that "
                    f"builds on {other}"
                )
                notes = (*diagnostic.notes, note)
                diagnostic = dataclasses.replace(diagnostic, fix=None, notes=notes)
        withheld.append(diagnostic)
    return withheld


MAX_FIX_ROUNDS = 5  # a fix may reveal the next finding (BL101's reveals BL103), never more


@dataclass(frozen=True)
class FixOutcome:
    remaining: list[Diagnostic]
    fixed: list[Diagnostic]
    warnings: list[str]
    created: list[Path]  # new files: easy to miss where `.cargo/` is ignored by git


def fix_until_stable(
    collect: Callable[[], tuple[list[Diagnostic], dict[Path, str]]],
    diagnostics: list[Diagnostic],
    linted: dict[Path, str],
    unsafe: bool,
) -> FixOutcome:
    """Apply the fixes, lint again with `collect`, and repeat until nothing changes."""
    fixed: list[Diagnostic] = []
    warnings: list[str] = []
    created: list[Path] = []
    for _ in range(MAX_FIX_ROUNDS):
        changes, refused = plan_changes(diagnostics, linted, unsafe)
        warnings += refused
        written = 0
        for change in changes:
            try:
                write_atomically(change)
            except (FixError, OSError) as error:
                warnings.append(f"{change.path}: not fixed: {error}")
                continue
            written += 1
            fixed += change.fixed
            if not change.before and change.path not in created:
                created.append(change.path)
        if not written:
            break
        diagnostics, linted = collect()
    return FixOutcome(diagnostics, fixed, warnings, created)
