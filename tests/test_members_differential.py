"""Workspace membership against the real cargo: for generated layouts, the members buildlint
reads (`--show-files`) are exactly `cargo metadata --no-deps`'s `workspace_members`, buildlint
reports an error exactly when cargo refuses the workspace (members, inherited keys), and a
package cargo refuses with "believes it's in a workspace when it's not" is exactly one
buildlint reports as BL018.

`BUILDLINT_LAYOUTS=2000 pytest tests/test_members_differential.py` runs more cases by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import lint, require_cargo
from layout_generator import generate

from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.discover import discover

pytestmark = pytest.mark.slow
CASES = int(os.environ.get("BUILDLINT_LAYOUTS", "120"))
WORKSPACE_RULES = ["BL001", "BL013", "BL014", "BL020"]


def cargo_metadata(manifest: Path) -> tuple[bool, set[str], str]:
    """Whether cargo accepts the workspace, its member manifests, and its error text."""
    result = subprocess.run(
        [
            "cargo",
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
            str(manifest),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("CARGO_")},
    )
    if result.returncode != 0:
        return False, set(), result.stderr
    metadata = json.loads(result.stdout)
    paths = {p["id"]: p["manifest_path"] for p in metadata["packages"]}
    return True, {paths[m] for m in metadata["workspace_members"]}, ""


def check_layout(seed: int, base: Path) -> None:
    root = generate(seed).write(base)
    manifest = root / "Cargo.toml"
    accepted, members, error = cargo_metadata(manifest)
    workspaces = discover([str(manifest)])
    ours = workspaces[0]
    assert ours.manifest.path == manifest, f"seed {seed}: root {ours.manifest.path}"
    read = {str(m.path) for m in ours.members} | {
        str(p.path) for p in ours.problems if p.path.name == "Cargo.toml"
    }
    errors = [d for d in lint([manifest], WORKSPACE_RULES) if d.severity == Severity.ERROR]
    context = f"seed {seed}: {manifest.read_text()}\ncargo: {error}\nbuildlint: {errors}"
    assert accepted == (not errors), context
    if accepted:
        assert read == members - {str(manifest)}, context
        check_orphans(seed, root, members)


def check_orphans(seed: int, root: Path, members: set[str]) -> None:
    """Every package cargo refuses as "believes it's in a workspace" is a BL018 of ours."""
    for manifest in sorted(root.rglob("Cargo.toml")):
        if str(manifest) in members or manifest == root / "Cargo.toml":
            continue
        accepted, _, error = cargo_metadata(manifest)
        believes = not accepted and "believes it's in a workspace" in error
        if not accepted and not believes:
            continue  # cargo stopped at another problem first: no verdict on membership
        found = lint([manifest], ["BL018"])
        ours = any(d.path == manifest for d in found)
        assert believes == ours, f"seed {seed}: {manifest}\n{error}\n{found}"


def test_members_agree_with_cargo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_cargo()
    monkeypatch.chdir(tmp_path)
    for seed in range(CASES):
        base = tmp_path / str(seed)
        base.mkdir()
        check_layout(seed, base.resolve())


def test_generated_layouts_cover_both_verdicts(tmp_path: Path) -> None:
    """The generator must give cargo workspaces to accept, to refuse, and refused orphans."""
    require_cargo()
    verdicts = []
    for seed in range(40):
        root = generate(seed).write(tmp_path / str(seed))
        verdicts.append(cargo_metadata(root / "Cargo.toml")[0])
    assert 10 <= sum(verdicts) <= 30, verdicts
