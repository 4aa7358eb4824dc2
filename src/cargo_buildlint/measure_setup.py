"""What `buildlint measure` builds: the configurations (`baseline`, `safe`, `all`, and
`--against NAME=FILE` snippets), each in a copy of the project, and the source file a
"one-line change" edits.

The user's files are never touched: every configuration is a copy without `target/` and
`.git`, with the config files above the workspace copied to the same places.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cargo.profiles import PROFILE_KEYS
from .diagnostic import Diagnostic, Edit
from .discover import Workspace, discover

IGNORED = shutil.ignore_patterns("target", ".git", "node_modules")
FIXES = {"safe": False, "all": True}  # built-in configurations: fix sets, unsafe or not
DESCRIPTIONS = {
    "baseline": "the project as it is",
    "safe": "buildlint's safe fixes",
    "all": "buildlint's safe and unsafe fixes",
}
# What a snippet may set: profiles go to the manifest, the rest to `.cargo/config.toml`.
SNIPPET_TABLES = ("profile", "build", "target", "unstable", "resolver", "env", "net", "term")


class SetupError(Exception):
    """A configuration cannot be prepared; the message names it and says why."""


@dataclass
class Configuration:
    name: str
    description: str
    project: Path  # the copy it builds
    target: Path
    fixes: tuple[str, ...] = ()
    settings: str = ""  # what it changes, as a diff of the Cargo files (empty for baseline)
    samples: dict[str, list[float]] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)

    @property
    def build_dir(self) -> Path:
        """Where Cargo 1.91+ keeps intermediate artifacts (`build.build-dir`); set beside the
        target directory so that a project's own `build-dir` cannot put them out of sight."""
        return self.target.with_name(self.target.name + "-build")

    def build_size(self) -> int:
        """What the build left on disk, whatever layout this Cargo uses (the 1.100 build-dir
        layout is not the old `target/debug/deps`): every file in both directories."""
        return directory_size(self.target) + directory_size(self.build_dir)

    def clean(self) -> None:
        shutil.rmtree(self.target, ignore_errors=True)
        shutil.rmtree(self.build_dir, ignore_errors=True)


@dataclass
class Setup:
    workspace: Workspace
    configurations: list[Configuration]
    skipped: list[tuple[str, str]]  # (fix, why) for `--each` fixes that cannot stand alone
    edited: Path  # the source file changed before rebuilds, relative to the project


def directory_size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(root) / name).lstat().st_size
    return total


@contextlib.contextmanager
def prepared(
    path: str, names: list[str], against: list[tuple[str, Path]], each: bool, touch: str | None
) -> Iterator[Setup]:
    """The configurations in temporary copies, removed afterwards whatever happens."""
    workspaces = discover([path])
    if len(workspaces) != 1:
        raise SetupError(f"`{path}` holds {len(workspaces)} workspaces: measure one at a time")
    workspace = workspaces[0]
    edited = edit_target(workspace, touch)
    snippets = [(name, _read_snippet(name, file)) for name, file in against]
    source = workspace.root_dir
    # Config files above the workspace shape the build too: copy them to the same places.
    top = Path(os.path.commonpath([source, *(c.path.parent.parent for c in workspace.configs)]))
    with tempfile.TemporaryDirectory(prefix="buildlint-measure-") as temporary:
        root = Path(temporary)

        def copy(name: str, description: str) -> Configuration:
            base = root / name / "tree"
            destination = base / source.relative_to(top)
            shutil.copytree(source, destination, ignore=IGNORED, symlinks=True)
            for config in workspace.configs:
                target = base / config.path.relative_to(top)
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(config.path, target)
            (base / ".git").mkdir(exist_ok=True)  # discovery stops here, as at the real boundary
            return Configuration(name, description, destination, root / name / "target")

        configurations = [copy("baseline", DESCRIPTIONS["baseline"])]
        skipped: list[tuple[str, str]] = []
        for name in names:
            configuration = copy(name, DESCRIPTIONS[name])
            configuration.fixes = apply_fixes(configuration.project, unsafe=FIXES[name])
            configurations.append(configuration)
            if each:
                for code in configuration.fixes:
                    if any(c.name == code for c in configurations):
                        continue
                    alone = copy(code, f"buildlint's {code} fix alone")
                    alone.fixes = apply_fixes(alone.project, unsafe=FIXES[name], only=code)
                    if alone.fixes:
                        configurations.append(alone)
                    else:
                        skipped.append((code, _why_not_alone(code, configuration.fixes)))
        for name, snippet in snippets:
            configuration = copy(name, f"`--against {name}`")
            apply_snippet(configuration.project, snippet, name)
            configurations.append(configuration)
        for configuration in configurations[1:]:
            configuration.settings = changes(configurations[0].project, configuration.project)
        if len(configurations) == 1 or not any(c.settings for c in configurations[1:]):
            raise NothingToCompare(
                "buildlint has no fix for this project and no `--against` configuration was "
                "given: nothing to compare"
            )
        yield Setup(workspace, configurations, skipped, edited)


class NothingToCompare(SetupError):  # noqa: N818 - not an error: the CLI says it as a note
    """Every configuration builds the project as it is."""


def _why_not_alone(code: str, together: tuple[str, ...]) -> str:
    earlier = [other for other in together if other < code]
    if earlier:
        return (
            f"it applies only after {', '.join(f'`{e}`' for e in earlier)} changed the project "
            "(its fix follows from theirs)"
        )
    return "it has no fix on the project as it is"


def apply_fixes(project: Path, unsafe: bool, only: str | None = None) -> tuple[str, ...]:
    """Apply buildlint's fixes to a copy (all of them, or one rule's); the rules fixed."""
    from .fix import fix_until_stable
    from .lint import LintOptions, lint_paths
    from .selection import Selection

    options = LintOptions(Selection(select=(only,) if only else None))

    def collect() -> tuple[list[Diagnostic], dict[Path, str]]:
        result = lint_paths([str(project)], options)
        return result.diagnostics, result.linted

    outcome = fix_until_stable(collect, *collect(), unsafe=unsafe)
    return tuple(dict.fromkeys(sorted(d.code for d in outcome.fixed)))


def _read_snippet(name: str, file: Path) -> dict[str, Any]:
    """A `--against` file: TOML of profile and config tables, checked before any build."""
    import tomli

    if name in ("baseline", *FIXES):
        raise SetupError(f"`--against {name}=...`: `{name}` is a built-in configuration")
    try:
        data = tomli.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise SetupError(f"`--against {name}`: cannot read `{file}`: {error.strerror}") from None
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise SetupError(f"`--against {name}`: `{file}` is not valid TOML: {error}") from None
    for key, value in data.items():
        if key not in SNIPPET_TABLES or not isinstance(value, dict):
            raise SetupError(
                f"`--against {name}`: `{file}` sets `{key}`, which is no profile or config "
                f"table (it may set {', '.join(f'`[{t}]`' for t in SNIPPET_TABLES)})"
            )
    for profile, settings in data.get("profile", {}).items():
        unknown = (
            [k for k in settings if k not in PROFILE_KEYS] if isinstance(settings, dict) else []
        )
        if not isinstance(settings, dict) or unknown:
            what = f"unknown key `{unknown[0]}`" if unknown else "a value that is not a table"
            raise SetupError(f"`--against {name}`: `{file}` has {what} in `[profile.{profile}]`")
    return data


def apply_snippet(project: Path, snippet: dict[str, Any], name: str) -> None:
    """Merge a snippet into a copy: `[profile]` into the root manifest, the rest into the
    workspace's config file, as key edits that leave everything else as it was."""
    from .fix import FixError, apply_edits

    config = project / ".cargo" / "config"
    if not config.is_file():
        config = project / ".cargo" / "config.toml"
    for file, tables in (
        (project / "Cargo.toml", {k: v for k, v in snippet.items() if k == "profile"}),
        (config, {k: v for k, v in snippet.items() if k != "profile"}),
    ):
        edits = [Edit(file, key, value) for key, value in _leaves(tables, ())]
        if not edits:
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        try:
            file.write_text(apply_edits(text, edits), encoding="utf-8")
        except FixError as error:
            raise SetupError(
                f"`--against {name}`: cannot apply it to `{file.name}`: {error}"
            ) from None


def _leaves(
    table: dict[str, Any], prefix: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, value in table.items():
        if isinstance(value, dict) and value:
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), value


def changes(baseline: Path, other: Path) -> str:
    """What a configuration changed, as a unified diff of the files that differ."""
    lines: list[str] = []
    for path in sorted(other.rglob("*")):
        relative = path.relative_to(other)
        if not path.is_file() or ".git" in relative.parts:
            continue
        before = baseline / relative
        old = (
            before.read_text(errors="replace").splitlines(keepends=True) if before.is_file() else []
        )
        new = path.read_text(errors="replace").splitlines(keepends=True)
        if old != new:
            lines += difflib.unified_diff(old, new, f"a/{relative}", f"b/{relative}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def edit_target(workspace: Workspace, touch: str | None) -> Path:
    """The file a one-line change goes to, chosen as a user would: `--touch`, else the main
    source of the default binary (the root package's, else the first default member's or
    member's), else a library's root. Relative to the workspace root."""
    root = workspace.root_dir
    if touch:
        candidate = Path(touch)
        candidate = candidate if candidate.is_absolute() else Path.cwd() / candidate
        if not candidate.is_file() or root not in candidate.resolve().parents:
            raise SetupError(f"--touch {touch}: no such file in the project")
        return candidate.resolve().relative_to(root.resolve())
    manifests = [workspace.manifest, *_default_members(workspace), *workspace.members]
    packages = [m for m in manifests if isinstance(m.data.get("package"), dict)]
    for finder in (_binary_source, _library_source):
        for manifest in packages:
            found = finder(manifest.data, manifest.path.parent)
            if found is not None:
                return found.relative_to(root)
    raise SetupError("no workspace crate has a binary or library source to change: use --touch")


def _default_members(workspace: Workspace) -> list[Any]:
    table = workspace.manifest.data.get("workspace")
    named = table.get("default-members") if isinstance(table, dict) else None
    if not isinstance(named, list):
        return []
    wanted = {os.path.normpath(workspace.root_dir / str(n)) for n in named}
    return [m for m in workspace.members if os.path.normpath(m.path.parent) in wanted]


def _binary_source(data: dict[str, Any], directory: Path) -> Path | None:
    package = data["package"]
    bins = [b for b in data.get("bin", []) if isinstance(b, dict)]
    default = package.get("default-run") or package.get("name")
    chosen = next((b for b in bins if b.get("name") == default), bins[0] if bins else None)
    if chosen is not None:
        path = chosen.get("path")
        name = chosen.get("name")
        candidates = [directory / path] if isinstance(path, str) else []
        if isinstance(name, str):
            candidates += [
                directory / "src/bin" / f"{name}.rs",
                directory / "src/bin" / name / "main.rs",
            ]
        candidates.append(directory / "src/main.rs")
        return next((c for c in candidates if c.is_file()), None)
    # Cargo's own discovery: `src/main.rs`, then `src/bin/<name>.rs` or `src/bin/<name>/main.rs`,
    # the one named like the package (or `default-run`) first
    binaries = directory / "src" / "bin"
    found = [directory / "src/main.rs"] if (directory / "src/main.rs").is_file() else []
    if isinstance(default, str):
        named = [binaries / f"{default}.rs", binaries / default / "main.rs"]
        found += [path for path in named if path.is_file()]
    if binaries.is_dir():
        found += sorted(binaries.glob("*.rs")) + sorted(binaries.glob("*/main.rs"))
    return found[0] if found else None


def _library_source(data: dict[str, Any], directory: Path) -> Path | None:
    library = data.get("lib")
    path = library.get("path") if isinstance(library, dict) else None
    source = directory / (path if isinstance(path, str) else "src/lib.rs")
    return source if source.is_file() else None


EDIT_MARK = "// buildlint measure: a one-line change"


def edit_code(path: Path, original: str, serial: int) -> None:
    """A real, compiling change to the code: a new function whose body differs each time
    (unused, so allowed), appended to the file's original text."""
    path.write_text(
        f"{original.rstrip()}\n\n{EDIT_MARK}\n#[allow(dead_code)]\n"
        f"fn buildlint_measure_edit() -> u64 {{\n    {serial} * 7 + 3\n}}\n",
        encoding="utf-8",
    )
