"""BL019 against the real cargo: each config value below is put in `.cargo/config.toml` beside
a trivial crate; buildlint reports an error exactly when `cargo build` refuses it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import lint, require_cargo

from cargo_buildlint.diagnostic import Severity

pytestmark = pytest.mark.slow

CONFIGS = [
    "[build]\nincremental = false",
    '[build]\nincremental = "false"',
    "[build]\nincremental = 1",
    '[build]\nrustflags = "-C debuginfo=0"',
    '[build]\nrustflags = ["-C", "debuginfo=0"]',
    "[build]\nrustflags = 5",
    "[build]\nrustflags = [1]",
    '[build]\ntarget = "x86_64-unknown-linux-gnu"',
    '[build]\ntarget = ["x86_64-unknown-linux-gnu"]',
    "[build]\ntarget = 5",
    "[build]\njobs = 2",
    '[build]\njobs = "default"',
    "[build]\njobs = -1",
    "[build]\njobs = 0",
    '[build]\njobs = "x"',
    "[build]\njobs = true",
    '[build]\njobs = "4"',
    "[build]\njobs = 1099511627776",
    "[build]\nrustc-wrapper = 1",
    '[build]\ntarget-dir = "t"',
    "[build]\ntarget-dir = 5",
    "build = 1",
    "target = 1",
    'resolver = "2"',
    '[resolver]\nfeature-unification = "workspace"',
    '[resolver]\nfeature-unification = "bogus"',
    "[resolver]\nfeature-unification = 1",
    '[target.x86_64-unknown-linux-gnu]\nlinker = "cc"',
    "[target.x86_64-unknown-linux-gnu]\nlinker = 1",
    "[target.x86_64-unknown-linux-gnu]\nrustflags = 5",
    '[target.x86_64-unknown-linux-gnu]\nrustflags = "-C debuginfo=0"',
    "[target.x86_64-unknown-linux-gnu]\nrunner = 5",
    "[target.x86_64-unknown-linux-gnu]\nincremental = false",
    '[target.x86_64-unknown-linux-gnu.foo]\nrustc-link-lib = ["m"]',
    "[target.'cfg(unix)']\nrustflags = 5",
    "[target.'cfg(unix)']\nlinker = \"cc\"",
    "[target.'cfg(unix)']\nincremental = false",
]


@pytest.mark.parametrize("config", CONFIGS)
def test_config_value_errors_agree_with_cargo(config: str, tmp_path: Path) -> None:
    require_cargo()
    (tmp_path / "src").mkdir()
    (tmp_path / "src/lib.rs").write_text("")
    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n'
    )
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo/config.toml").write_text(config + "\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO_", "RUST"))}
    built = subprocess.run(
        ["cargo", "build", "--offline"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [d for d in lint([tmp_path], ["BL019"]) if d.severity == Severity.ERROR]
    assert (built.returncode != 0) == bool(errors), f"{built.stderr}\n{errors}"


LINTS = [
    '[lints.rust]\nunused = "warning"',
    '[lints.rust]\nunused = "Warn"',
    '[lints.rust]\nunused = "forbid"',
    "[lints.rust]\nunused = 1",
    "[lints.rust]\nunused = { priority = 1 }",
    '[lints.rust]\nunused = { level = "warn", priority = 300 }',
    '[lints.rust]\nunused = { level = "warn", priority = -128 }',
    '[lints.rust]\nunused = { level = "warn", priority = "x" }',
    '[lints.clippy]\nall = { level = "expect" }',
    '[lints.cargo]\nunused_dependencies = "warning"',
    '[lints.cargo]\nunused_dependencies = "allow"',
    '[lints.cargo]\nunused_dependencie = "allow"',
    "[lints]\nrust = 1",
]


@pytest.mark.parametrize("lints", LINTS)
def test_lint_level_errors_agree_with_cargo(lints: str, tmp_path: Path) -> None:
    """BL021 errors exactly when `cargo metadata` refuses the manifest's `[lints]`."""
    require_cargo()
    (tmp_path / "src").mkdir()
    (tmp_path / "src/lib.rs").write_text("")
    (tmp_path / "Cargo.toml").write_text(
        f'[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n\n{lints}\n'
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO_", "RUST"))}
    read = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--offline", "--format-version", "1"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [d for d in lint([tmp_path], ["BL021"]) if d.severity == Severity.ERROR]
    assert (read.returncode != 0) == bool(errors), f"{read.stderr}\n{errors}"
