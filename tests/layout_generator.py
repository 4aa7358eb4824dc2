"""Random workspace layouts for the differential test of membership against `cargo metadata`:
member globs over hidden directories, plain files and directories without a manifest, excludes,
path dependencies of every kind (also through `[workspace.dependencies]`), default members,
nested workspaces, `package.workspace` pointers and packages outside the root."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIRS = (
    "crates/a",
    "crates/b",
    "crates/.hidden",
    "crates/c/inner",
    "crates/c",
    "libs/x",
    "libs/y",
    "tools/t",
    "ex/e",
    "ex/e/deep",
    "nested/n",
    "nested/n/p",
)
EMPTY_DIRS = ("crates/empty", "libs/nothing")  # a glob that matches one makes cargo refuse
PLAIN_FILES = ("crates/afile", "libs/notes.txt")
MEMBER_ENTRIES = (
    "crates/*",
    "crates/a",
    "crates/.hidden",
    "crates/c/*",
    "crates/[ab]",
    "crates/?",
    "libs/*",
    "libs/x",
    "tools/t",
    "ex/e",
    "ex/e/deep",
    "nested/n/p",
    "./crates/b/",
    "crates/afile",
    "*/x",
)
REFUSED_MEMBER_ENTRIES = ("missing", "crates/nomatch*", "../outside", "crates/[a")
EXCLUDE_ENTRIES = ("crates/b", "crates", "ex", "crates/c", "libs/y", "crates/*", "nested/n")
DEPENDENCY_KINDS = (
    "dependencies",
    "dev-dependencies",
    "build-dependencies",
    "target.'cfg(unix)'.dependencies",
    "target.'cfg(windows)'.dev-dependencies",
)


@dataclass
class Layout:
    """Files to write below a temporary directory; the workspace root is `ws/`."""

    files: dict[str, str] = field(default_factory=dict)
    directories: list[str] = field(default_factory=list)

    def write(self, base: Path) -> Path:
        for directory in self.directories:
            (base / directory).mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_text(text)
        return base / "ws"


def package_name(directory: str) -> str:
    return "p-" + directory.replace("/", "-").replace(".", "dot")


def generate(seed: int) -> Layout:
    rng = random.Random(seed)
    layout = Layout()
    packages = [d for d in PACKAGE_DIRS if rng.random() < 0.6]
    outside = rng.random() < 0.3
    dependency_targets = [f"ws/{d}" for d in packages] + (["outside"] if outside else [])
    inherited = [t for t in dependency_targets if rng.random() < 0.5]
    for directory in packages:
        layout.files[f"ws/{directory}/Cargo.toml"] = _package(
            rng, directory, f"ws/{directory}", dependency_targets, inherited
        )
        layout.files[f"ws/{directory}/src/lib.rs"] = ""
    if outside:
        text = _package(rng, "outside", "outside", [], [])
        if rng.random() < 0.5:
            text = text.replace("[package]\n", '[package]\nworkspace = "../ws"\n', 1)
        layout.files["outside/Cargo.toml"] = text
        layout.files["outside/src/lib.rs"] = ""
    layout.directories += [f"ws/{d}" for d in EMPTY_DIRS if rng.random() < 0.15]
    for name in PLAIN_FILES:
        if rng.random() < 0.4:
            layout.files[f"ws/{name}"] = "not a crate\n"
    root = _root(rng, packages, dependency_targets, inherited)
    layout.files["ws/Cargo.toml"] = root
    if root.startswith("[package]"):
        layout.files["ws/src/lib.rs"] = ""
    return layout


def _package(
    rng: random.Random, directory: str, where: str, targets: list[str], inherited: list[str]
) -> str:
    lines = ["[package]", f'name = "{package_name(directory)}"', 'version = "0.1.0"']
    if rng.random() < 0.05:
        lines.append("edition.workspace = true")  # no root defines `workspace.package`
    points_at_root = rng.random() < 0.1 and directory != "outside"
    if points_at_root:
        lines.append(f'workspace = "{"/".join([".."] * (directory.count("/") + 1))}"')
    dependencies = [t for t in targets if t != where and rng.random() < 0.15]
    for target in dependencies:
        kind = rng.choice(DEPENDENCY_KINDS)
        relative = Path(*([".."] * (where.count("/") + 1)), target).as_posix()
        name = package_name(target.removeprefix("ws/"))
        if target in inherited and rng.random() < 0.5:
            lines += [f"[{kind}.{name}]", "workspace = true"]
        else:
            lines += [f"[{kind}.{name}]", f'path = "{relative}"']
    if not points_at_root and rng.random() < 0.08:
        lines.append("[workspace]")
    return "\n".join(lines) + "\n"


def _root(rng: random.Random, packages: list[str], targets: list[str], inherited: list[str]) -> str:
    is_package = rng.random() < 0.5
    lines: list[str] = []
    if is_package:
        lines += ["[package]", 'name = "root"', 'version = "0.1.0"']
        for target in targets:
            if rng.random() < 0.2:
                name = package_name(target.removeprefix("ws/"))
                path = target.removeprefix("ws/") if target != "outside" else "../outside"
                lines += [f"[dependencies.{name}]", f'path = "{path}"']
    lines.append("[workspace]")
    if rng.random() < 0.85:
        members = rng.sample(MEMBER_ENTRIES, rng.randint(0, 4))
        if rng.random() < 0.15:
            members.append(rng.choice(REFUSED_MEMBER_ENTRIES))
        lines.append(f"members = {_array(members)}")
    if rng.random() < 0.4:
        lines.append(f"exclude = {_array(rng.sample(EXCLUDE_ENTRIES, rng.randint(1, 2)))}")
    if rng.random() < 0.2:
        candidates = [*packages[:2], "crates/*", "missing"]
        lines.append(f"default-members = {_array(rng.sample(candidates, rng.randint(1, 2)))}")
    if inherited:
        lines.append("[workspace.dependencies]")
        for target in inherited:
            path = target.removeprefix("ws/") if target != "outside" else "../outside"
            lines.append(f'{package_name(target.removeprefix("ws/"))} = {{ path = "{path}" }}')
    return "\n".join(lines) + "\n"


def _array(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"
