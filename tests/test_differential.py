"""The contract: Cargo refuses to build a manifest because of its profiles if and only if
buildlint reports at least one error for it. Judged by the real cargo on random manifests."""

from __future__ import annotations

import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import lint, local_pins, require_cargo
from manifest_generator import DEPENDENCY, GeneratedCase, generate

from cargo_buildlint.diagnostic import Severity

pytestmark = pytest.mark.slow

CASES = int(os.environ.get("BUILDLINT_DIFFERENTIAL_CASES", "320"))
SEED = int(os.environ.get("BUILDLINT_DIFFERENTIAL_SEED", "20261124"))
WORKERS = max(2, os.cpu_count() or 2)


class Workbench:
    """One fixed project directory per thread, so cargo reuses artifacts between cases."""

    def __init__(self, root: Path):
        self.root = root
        self.local = threading.local()
        self.count = 0
        self.lock = threading.Lock()
        self.pins = local_pins()

    def project(self) -> Path:
        if not hasattr(self.local, "dir"):
            with self.lock:
                self.count += 1
                base = self.root / f"worker{self.count}"
            (base / DEPENDENCY / "src").mkdir(parents=True)
            (base / DEPENDENCY / "Cargo.toml").write_text(
                f'[package]\nname = "{DEPENDENCY}"\nversion = "0.1.0"\nedition = "2021"\n'
            )
            (base / DEPENDENCY / "src/lib.rs").write_text("pub fn answer() -> u32 { 42 }\n")
            project = base / "case"
            (project / "src").mkdir(parents=True)
            (project / "src/lib.rs").write_text("pub fn get() -> u32 { dep::answer() }\n")
            (project / "src/main.rs").write_text('fn main() { println!("{}", case::get()); }\n')
            (project / "build.rs").write_text("fn main() {}\n")
            self.local.dir = project
        return Path(self.local.dir)


def cargo_verdict(project: Path, case: GeneratedCase) -> tuple[bool, str]:
    """(refused, what cargo said) over `cargo build --profile P` for each defined profile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUSTFLAGS", "CARGO_"))}
    env.update(CARGO_TERM_COLOR="never", CARGO_TARGET_DIR=str(project.parent / "target"))
    env["RUSTUP_TOOLCHAIN"] = case.toolchain or "stable"
    for profile in case.profiles or ["dev"]:
        result = subprocess.run(
            ["cargo", "build", "--offline", "--profile", profile],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            return True, f"cargo build --profile {profile}:\n{result.stderr[-1500:]}"
    return False, ""


def run_case(bench: Workbench, index: int, case: GeneratedCase) -> str | None:
    project = bench.project()
    (project / "Cargo.toml").write_text(case.manifest)
    # The Cargo that builds the case, pinned exactly: buildlint judges by it (an unpinned
    # project is judged by the range of releases people run, which the local cargo is not)
    pin = bench.pins[case.toolchain or "stable"]
    (project / "rust-toolchain.toml").write_text(f'[toolchain]\nchannel = "{pin}"\n')
    (project / "Cargo.lock").unlink(missing_ok=True)
    refused, said = cargo_verdict(project, case)
    errors = [d for d in lint([project / "Cargo.toml"]) if d.severity is Severity.ERROR]
    if refused == bool(errors):
        return None
    verdict = (
        "cargo refused it, buildlint found no error"
        if refused
        else "buildlint errors, cargo built it"
    )
    found = "\n".join(f"  {d.code} {d.span.line}:{d.span.column} {d.message}" for d in errors)
    return (
        f"case {index} ({verdict}); toolchain {case.toolchain}\n{case.manifest}\n"
        f"{said}\nbuildlint:\n{found}"
    )


def test_buildlint_errors_exactly_when_cargo_refuses(tmp_path: Path) -> None:
    require_cargo()
    bench = Workbench(tmp_path)
    cases = generate(CASES, SEED)
    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(lambda item: run_case(bench, *item), enumerate(cases)))
    mismatches = [outcome for outcome in outcomes if outcome]
    assert not mismatches, f"{len(mismatches)} of {len(cases)} cases disagree:\n\n" + "\n\n".join(
        mismatches[:8]
    )


def test_generator_covers_both_verdicts() -> None:
    """A differential test whose cases were all valid (or all invalid) would prove nothing."""
    manifests = [c.manifest for c in generate(CASES, SEED)]
    assert sum('inherits = "missing"' in m for m in manifests) >= 3
    assert sum("[profile." in m for m in manifests) >= CASES * 0.8
    assert sum("cargo-features" in m for m in manifests) >= 10


if __name__ == "__main__":
    pytest.main([__file__, "-x", "-q"])
