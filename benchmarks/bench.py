"""Wall time of buildlint against `cargo metadata --no-deps --offline` on the same projects.

Three scenarios, as the project's speed budget states them:
  single     one package manifest with a `[profile.release]` (a pre-commit run): budget 9x
  workflow   the same package with a 300-line GitHub Actions workflow: budget 9x
  monorepo   a workspace of 1,000 members (a CI scan): budget 1.0x

Runs alternate (cargo, buildlint, cargo, buildlint, ...) so that drift hits both sides; the
report gives medians, the spread (interquartile range) and the ratio. Run it by hand:

    python benchmarks/bench.py [--runs 31] [--members 1000] [--buildlint PATH]

`--buildlint` defaults to the `buildlint` next to this Python (install the package first; an
editable install adds an import hook that costs a few milliseconds at start-up).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGE = """[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
rust-version = "1.80"

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
anyhow = "1"
"""
PROFILES = """
[profile.release]
lto = "thin"
codegen-units = 1
strip = true

[profile.dev.package."*"]
debug = false
"""


def write_single(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src/lib.rs").write_text("")
    (root / "Cargo.toml").write_text(PACKAGE.format(name="single") + PROFILES)
    return root / "Cargo.toml"


JOB = """
  {name}:
    name: {name} ${{{{ matrix.os }}}}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, windows-latest, macos-latest]
        include:
          - os: ubuntu-latest
            target: x86_64-unknown-linux-gnu
    runs-on: ${{{{ matrix.os }}}}
    env:
      CARGO_PROFILE_DEV_DEBUG: line-tables-only
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
        with:
          components: clippy, rustfmt
      - uses: Swatinem/rust-cache@v2
        with:
          key: {name}
      - name: Build
        run: cargo build --workspace --all-targets --locked
      - name: Test
        run: |
          cargo test --workspace --locked
          cargo test --doc --workspace
      - name: Lint
        run: cargo clippy --workspace --all-targets -- -D warnings
        env:
          RUSTDOCFLAGS: -D warnings
"""


def write_workflow_project(root: Path, lines: int = 300) -> Path:
    """The single package with a workflow of about `lines` lines (jobs of 30 lines each)."""
    manifest = write_single(root)
    workflow = "name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\n\n"
    workflow += "env:\n  CARGO_TERM_COLOR: always\n  CARGO_BUILD_WARNINGS: deny\n\njobs:"
    index = 0
    while workflow.count("\n") < lines:
        workflow += JOB.format(name=f"job{index}")
        index += 1
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(workflow)
    return manifest


def write_monorepo(root: Path, members: int) -> Path:
    for index in range(members):
        crate = root / "crates" / f"crate{index:04}"
        (crate / "src").mkdir(parents=True)
        (crate / "src/lib.rs").write_text("")
        (crate / "Cargo.toml").write_text(
            PACKAGE.format(name=f"crate{index:04}").replace('rust-version = "1.80"\n', "")
        )
    (root / ".cargo").mkdir()
    (root / ".cargo/config.toml").write_text('[build]\nrustflags = ["-C", "target-cpu=native"]\n')
    (root / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n\n'
        '[workspace.package]\nrust-version = "1.80"\n' + PROFILES
    )
    return root / "Cargo.toml"


def time_once(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(name: str, manifest: Path, buildlint: str, runs: int) -> tuple[float, float]:
    cargo = ["cargo", "metadata", "--no-deps", "--offline", "--format-version", "1"]
    sides = {
        "cargo metadata": [*cargo, "--manifest-path", str(manifest)],
        "buildlint": [buildlint, str(manifest)],
    }
    for command in sides.values():  # warm the file cache and both tools' first-run costs
        time_once(command, manifest.parent)
    times: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(runs):
        for side, command in sides.items():
            times[side].append(time_once(command, manifest.parent))
    medians = {side: statistics.median(values) for side, values in times.items()}
    print(f"\n{name}: {runs} alternating runs each")
    for side, values in times.items():
        q1, _, q3 = statistics.quantiles(values, n=4)
        print(
            f"  {side:<15} median {medians[side] * 1000:8.1f} ms   IQR {(q3 - q1) * 1000:6.1f} ms"
        )
    ratio = medians["buildlint"] / medians["cargo metadata"]
    print(f"  ratio buildlint / cargo metadata: {ratio:.2f}x")
    return medians["cargo metadata"], ratio


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--buildlint", default=str(Path(sys.executable).with_name("buildlint")))
    args = parser.parse_args()
    if shutil.which("cargo") is None:
        print("cargo is not on PATH", file=sys.stderr)
        return 2
    print(subprocess.run(["cargo", "--version"], capture_output=True, text=True).stdout.strip())
    print(
        subprocess.run([args.buildlint, "--version"], capture_output=True, text=True).stdout.strip()
    )
    with tempfile.TemporaryDirectory() as tmp:
        single = compare(
            "single package manifest", write_single(Path(tmp, "single")), args.buildlint, args.runs
        )
        workflow = compare(
            "single package with a 300-line workflow",
            write_workflow_project(Path(tmp, "workflow")),
            args.buildlint,
            args.runs,
        )
        monorepo = compare(
            f"workspace of {args.members} members",
            write_monorepo(Path(tmp, "monorepo"), args.members),
            args.buildlint,
            max(5, args.runs // 3),
        )
    print(
        f"\nbudget: single <= 9x ({single[1]:.2f}x), workflow <= 9x ({workflow[1]:.2f}x), "
        f"monorepo <= 1.0x ({monorepo[1]:.2f}x)"
    )
    return 0 if single[1] <= 9 and workflow[1] <= 9 and monorepo[1] <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
