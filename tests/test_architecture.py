"""The house: no import cycle among the project's modules (TYPE_CHECKING and function-level
imports count too), and docs/architecture.md names every module."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGES = {
    "cargo_buildlint": REPO / "src/cargo_buildlint",
    "cargo_buildlint.rules": REPO / "rules",
}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
            found[".".join([package, *parts])] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every project module `name` imports, wherever the import stands."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            candidates = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found.update(c for c in candidates if c in known and c != name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycles() -> None:
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_is_described() -> None:
    text = (REPO / "docs/architecture.md").read_text()
    missing = [
        path.relative_to(REPO).as_posix()
        for path in modules().values()
        if path.parent.name != "rules" and path.relative_to(REPO).as_posix() not in text
    ]
    assert missing == []


def test_rules_read_only_the_projects_public_surface() -> None:
    """Rules read `Project` and the values it hands out, never the workspace behind it, nor
    a document's raw profile tables (`ProfileTable.sections()` walks those)."""
    offenders = [
        path.name
        for path in (REPO / "rules").glob("*.py")
        if "project.workspace" in path.read_text() or 'data["profile"]' in path.read_text()
    ]
    assert offenders == []


def test_every_subpackage_is_packaged() -> None:
    """A subpackage missing from `pyproject.toml` works in an editable install and is absent
    from the wheel users get."""
    import tomli

    settings = tomli.loads((REPO / "pyproject.toml").read_text())
    listed = set(settings["tool"]["setuptools"]["packages"])
    package = REPO / "src" / "cargo_buildlint"
    found = {"cargo_buildlint", "cargo_buildlint.rules"} | {
        f"cargo_buildlint.{init.parent.name}" for init in package.glob("*/__init__.py")
    }
    assert found == listed
