"""Applying fixes to the user's files, keeping them as they were written.

Edits go through tomlkit, which keeps comments, key order, quoting and blank lines. Before a
file is written, the result must parse, and its data must equal the original data with exactly
the intended edits applied; the file must still hold what was linted (nobody changed it during
the run). It is written to a temporary file beside it, with the original's permissions, and
renamed over it, so a failure at any point leaves the original untouched.
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
import tomlkit
from tomlkit.items import Array, Table

from .diagnostic import Diagnostic, Edit, KeyPath

if TYPE_CHECKING:
    from .project import Project


class FixError(Exception):
    """A fix that could not be applied safely; the file was left untouched."""


@dataclass(frozen=True)
class FileChange:
    path: Path
    before: str  # "" for a file that did not exist
    after: str
    fixed: tuple[Diagnostic, ...]


def chosen_edits(
    diagnostics: Iterable[Diagnostic], unsafe: bool
) -> dict[Path, list[tuple[Edit, Diagnostic]]]:
    """The edits to apply, per file; the first edit of a key wins, later ones are dropped."""
    by_file: dict[Path, list[tuple[Edit, Diagnostic]]] = {}
    seen: set[tuple[Path, KeyPath]] = set()
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or (fix.applicability == "unsafe" and not unsafe):
            continue
        for edit in fix.edits:
            if (edit.file, edit.key) not in seen:
                seen.add((edit.file, edit.key))
                by_file.setdefault(edit.file, []).append((edit, diagnostic))
    return by_file


def plan_changes(
    diagnostics: Sequence[Diagnostic], linted: dict[Path, str], unsafe: bool
) -> tuple[list[FileChange], list[str]]:
    """The new text of each file to fix, and why any file could not be fixed.

    `linted` holds the text buildlint read for each file; a file whose content differs now was
    changed during the run and is refused.
    """
    changes: list[FileChange] = []
    refused: list[str] = []
    for path, edits in chosen_edits(diagnostics, unsafe).items():
        try:
            current = _read(path)
            if path in linted and current != linted[path]:
                raise FixError("it changed on disk while buildlint ran")
            after = apply_edits(current, [edit for edit, _ in edits])
        except FixError as error:
            refused.append(f"{path}: not fixed: {error}")
            continue
        if after != current:
            changes.append(FileChange(path, current, after, tuple(d for _, d in edits)))
    return changes, refused


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise FixError(f"cannot read it: {error}") from error


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with the edits applied, verified to change nothing else."""
    crlf = "\r\n" in text
    try:
        document = tomlkit.parse(text.replace("\r\n", "\n"))
        original = tomli.loads(text.removeprefix("\ufeff"))
    except (tomlkit.exceptions.ParseError, tomli.TOMLDecodeError) as error:
        raise FixError(f"it is not valid TOML: {error}") from error
    expected = copy.deepcopy(original)
    for edit in edits:
        _set_in_document(document, edit.key, edit.value)
        _set_in_data(expected, edit.key, edit.value)
    result = tomlkit.dumps(document)
    if result.endswith("\n\n") and not text.replace("\r\n", "\n").endswith("\n\n"):
        result = result.rstrip("\n") + "\n"  # a new last table brings a blank line of its own
    if crlf:
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        produced = tomli.loads(result.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:  # pragma: no cover - a tomlkit bug; refuse, never write
        raise FixError(f"the fixed file would not parse: {error}") from error
    if produced != expected:
        raise FixError("the fix would change more than the intended keys")
    return result


def _set_in_data(data: dict[str, Any], key: KeyPath, value: object) -> None:
    table: Any = data
    for part in key[:-1]:
        table = table.setdefault(part, {})
    if value is None:
        table.pop(key[-1], None)
    else:
        table[key[-1]] = copy.deepcopy(value)


def _set_in_document(document: Any, key: KeyPath, value: object) -> None:
    table = document
    for depth, part in enumerate(key[:-1]):
        if part not in table:
            if value is None:
                return
            # Tables that only hold tables (`profile`, `target`, `package`) get no header of
            # their own: `[profile.dev]`, not `[profile]` followed by `[profile.dev]`.
            holds_tables = depth < len(key) - 2
            new = tomlkit.table(is_super_table=holds_tables)
            if not holds_tables:
                new.add(tomlkit.nl())  # a blank line before whatever table follows
            table[part] = new
        table = table[part]
    name = str(key[-1])
    if value is None:
        if name in table:
            del table[name]
        return
    current = table.get(name)
    if isinstance(current, Array) and isinstance(value, list) and _edit_array(current, value):
        return
    if isinstance(table, Table) and name not in table and _ends_with_blank_line(table):
        _insert_before_trailing_blank(table, name, value)
    else:
        table[name] = value


def _edit_array(array: Array, wanted: list[Any]) -> bool:
    """Turn `array` into `wanted` in place when that only appends or only removes items, so
    that the comments and layout between its items survive; False when it cannot."""
    old = list(array.unwrap())
    if wanted[: len(old)] == old:
        for item in wanted[len(old) :]:
            array.append(item)
        return True
    kept, position = [], 0
    for index, item in enumerate(old):
        if position < len(wanted) and item == wanted[position]:
            position += 1
        else:
            kept.append(index)
    if position != len(wanted):
        return False
    for index in reversed(kept):
        del array[index]
    return True


def _ends_with_blank_line(table: Table) -> bool:
    body = table.value.body
    return bool(body) and body[-1][0] is None and "\n" in body[-1][1].as_string()


def _insert_before_trailing_blank(table: Table, name: str, value: object) -> None:
    """A new key goes after the table's last key, not after the blank line that ends it."""
    body = table.value.body
    blank = body.pop()
    table[name] = value
    body.append(blank)


def write_atomically(change: FileChange) -> None:
    """Replace the file's content in one rename, keeping its permissions."""
    path = change.path
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(change.after.encode("utf-8"))
        if mode is not None:
            Path(temporary).chmod(mode)
        if _read(path) != change.before:
            raise FixError("it changed on disk while buildlint ran")
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
        return self.base / path.resolve().relative_to(self.root)

    def original(self, copied: Path) -> Path:
        return self.root / copied.relative_to(self.base)


@contextlib.contextmanager
def copy_project(files: list[Path], anchors: list[Path]) -> Iterator[ProjectCopy]:
    """Copy `files` byte for byte into a temporary tree; `anchors` (the paths the user gave)
    must map into it too. A `.git` folder at its top makes discovery stop where it would."""
    everything = [path.resolve() for path in (*files, *anchors)]
    root = Path(os.path.commonpath(everything))
    if root.is_file():
        root = root.parent
    with tempfile.TemporaryDirectory(prefix="buildlint-diff-") as temporary:
        copy = ProjectCopy(root, Path(temporary) / "project")
        (copy.base / ".git").mkdir(parents=True)
        for path in files:
            target = copy.mirror(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                shutil.copy2(path, target)
        yield copy


def changed_files(copy: ProjectCopy) -> list[FileChange]:
    """The files of the copy that differ from the originals, new files included."""
    changes = []
    for copied in sorted(p for p in copy.base.rglob("*") if p.is_file() and ".git" not in p.parts):
        original = copy.original(copied)
        before = _read(original)
        after = _read(copied)
        if before != after:
            changes.append(FileChange(original, before, after, ()))
    return changes


def redirect_to_config(diagnostics: list[Diagnostic], project: Project) -> list[Diagnostic]:
    """`--fix-to config`: profile settings the manifest does not have yet go to the
    workspace's `.cargo/config.toml` instead (the guide's choice for contributors who must not
    change the manifest); settings the manifest already has are still fixed where they are."""
    from .advice import config_path

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


MAX_FIX_ROUNDS = 5  # a fix may reveal the next finding (BL101's reveals BL103), never more


@dataclass(frozen=True)
class FixOutcome:
    remaining: list[Diagnostic]
    fixed: list[Diagnostic]
    warnings: list[str]


def fix_until_stable(
    collect: Callable[[], tuple[list[Diagnostic], dict[Path, str]]],
    diagnostics: list[Diagnostic],
    linted: dict[Path, str],
    unsafe: bool,
) -> FixOutcome:
    """Apply the fixes, lint again with `collect`, and repeat until nothing changes."""
    fixed: list[Diagnostic] = []
    warnings: list[str] = []
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
        if not written:
            break
        diagnostics, linted = collect()
    return FixOutcome(diagnostics, fixed, warnings)
