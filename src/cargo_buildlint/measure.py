"""`buildlint measure`: what the recommendations buy, measured with real cargo builds.

The project is copied twice (or once per fix with `--each`), without `target/` and `.git`, and
buildlint's safe fixes are applied to the copy that stands for the recommendation; the user's
files, `Cargo.lock` and `target/` are never touched. Every variant builds into its own temporary
target directory. Runs alternate between variants (A B A B) so that drift on the machine hits
all of them, and each workflow reports its median and spread; a difference smaller than the
spread is "no clear difference", not a win.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostic import Diagnostic
from .discover import Workspace, discover

IGNORED = shutil.ignore_patterns("target", ".git", "node_modules")


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str
    cargo: tuple[str, ...]
    after_change: bool  # timed after touching a workspace source file, on a warm target


WORKFLOWS = (
    Workflow("build", "clean build", ("build",), False),
    Workflow("rebuild", "rebuild after a one-line change", ("build",), True),
    Workflow("check", "check after the change", ("check",), True),
    Workflow("test", "test --no-run after the change", ("test", "--no-run"), True),
)


class MeasureError(Exception):
    """The measurement cannot go on; the message says why (and where the log is)."""


class CargoMissing(MeasureError):  # noqa: N818 - a usage problem: the CLI exits with 2
    """There is no cargo to build with."""


class NothingToMeasure(MeasureError):  # noqa: N818 - not an error: the CLI says it as a note
    """The project already follows every safe recommendation: not a failure."""


@dataclass
class Variant:
    name: str
    project: Path  # the copy this variant builds
    target: Path
    fixes: tuple[str, ...] = ()

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

    samples: dict[str, list[float]] = field(default_factory=dict)
    target_sizes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    runs: int = 3
    workflows: tuple[str, ...] = tuple(w.name for w in WORKFLOWS)
    each: bool = False
    touch: str | None = None
    timeout: float | None = None
    cargo_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    workflow: str
    baseline: float
    other: float
    baseline_spread: float
    other_spread: float
    runs: int = 2

    @property
    def change(self) -> float:
        return (self.other - self.baseline) / self.baseline if self.baseline else 0.0

    @property
    def verdict(self) -> str:
        # One run has no spread to weigh a difference against: claim nothing from it.
        spread = max(self.baseline_spread, self.other_spread)
        if self.runs < 2 or abs(self.other - self.baseline) <= spread:
            return "no clear difference"
        return "faster" if self.other < self.baseline else "slower"


def spread(samples: Sequence[float]) -> float:
    return max(samples) - min(samples) if samples else 0.0


def compare(baseline: Variant, other: Variant, workflow: str) -> Comparison:
    a, b = baseline.samples.get(workflow, []), other.samples.get(workflow, [])
    runs = min(len(a), len(b))
    return Comparison(
        workflow, statistics.median(a), statistics.median(b), spread(a), spread(b), runs
    )


def directory_size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(root) / name).lstat().st_size
    return total


class Progress:
    """One line on stderr: the step, the time spent and an estimate of the time left."""

    def __init__(self, steps: int, stream: io.TextIOBase | None = None) -> None:
        self.steps, self.done, self.start = steps, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def show(self, what: str) -> None:
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.steps - self.done) if self.done else None
        estimate = f", about {_duration(left)} left" if left is not None else ""
        step = f"measure [{self.done + 1}/{self.steps}]"
        line = f"{step} {what} ({_duration(elapsed)} elapsed{estimate})"
        self.stream.write(("\r\x1b[2K" + line) if self.live else line + "\n")
        self.stream.flush()

    def step_done(self) -> None:
        self.done += 1

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds < 90 else f"{seconds // 60:.0f}m{seconds % 60:02.0f}s"


class Runner:
    """Runs cargo for a variant, logs everything, and honours the timeout and Ctrl-C."""

    def __init__(self, log: Path, options: Options) -> None:
        self.log = log
        self.options = options
        self.deadline = time.monotonic() + options.timeout if options.timeout else None

    def cargo(self, variant: Variant, args: Sequence[str]) -> float:
        command = ["cargo", *args, *self.options.cargo_flags]
        env = {
            **os.environ,
            "CARGO_TARGET_DIR": str(variant.target),
            "CARGO_BUILD_BUILD_DIR": str(variant.build_dir),
            "CARGO_TERM_COLOR": "never",
        }
        remaining = None if self.deadline is None else self.deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise MeasureError(f"the --timeout of {self.options.timeout:g}s ran out")
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ ({variant.name}) {' '.join(command)}\n")
            log.flush()
            started = time.perf_counter()
            # A session of its own, so that stopping cargo stops the rustc processes it runs.
            process = subprocess.Popen(
                command,
                cwd=variant.project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                code = process.wait(timeout=remaining)
            except BaseException as error:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                if isinstance(error, subprocess.TimeoutExpired):
                    raise MeasureError(
                        f"the --timeout of {self.options.timeout:g}s ran out"
                    ) from None
                raise
            elapsed = time.perf_counter() - started
        if code != 0:
            raise MeasureError(f"`{' '.join(command)}` failed for the {variant.name} configuration")
        return elapsed


def main_source(workspace: Workspace, project: Path, touch: str | None) -> Path:
    """The file a one-line change goes to: `--touch`, else a workspace crate's main source."""
    if touch:
        candidate = project / touch
        if not candidate.is_file():
            raise MeasureError(f"--touch {touch}: no such file in the project")
        return candidate
    manifests = [workspace.manifest.path, *(m.path for m in workspace.members)]
    for manifest in manifests:
        for name in ("src/lib.rs", "src/main.rs"):
            source = manifest.parent / name
            if source.is_file():
                return project / source.relative_to(workspace.root_dir)
    raise MeasureError("no workspace crate has a src/lib.rs or src/main.rs to change: use --touch")


def touch(path: Path) -> None:
    """A change cargo sees: a modification time later than anything it built."""
    now = time.time()
    stamp = max(now, path.stat().st_mtime + 1)
    os.utime(path, (stamp, stamp))


def apply_fixes(project: Path, only: str | None = None) -> tuple[str, ...]:
    """Apply buildlint's safe fixes to a copy (all of them, or one rule's); the rules fixed."""
    from .fix import fix_until_stable
    from .lint import LintOptions, lint_paths
    from .selection import Selection

    options = LintOptions(Selection(select=(only,) if only else None))

    def collect() -> tuple[list[Diagnostic], dict[Path, str]]:
        result = lint_paths([str(project)], options)
        return result.diagnostics, result.linted

    outcome = fix_until_stable(collect, *collect(), unsafe=False)
    return tuple(dict.fromkeys(sorted(d.code for d in outcome.fixed)))


@contextlib.contextmanager
def prepared(path: str, options: Options) -> Iterator[tuple[Workspace, list[Variant], Path]]:
    """The variants in temporary copies, removed afterwards whatever happens."""
    workspaces = discover([path])
    if len(workspaces) != 1:
        raise MeasureError(f"`{path}` holds {len(workspaces)} workspaces: measure one at a time")
    workspace = workspaces[0]
    source = workspace.root_dir
    # Config files above the workspace shape the build too: copy them to the same places.
    top = Path(os.path.commonpath([source, *(c.path.parent.parent for c in workspace.configs)]))
    with tempfile.TemporaryDirectory(prefix="buildlint-measure-") as temporary:
        root = Path(temporary)

        def copy(name: str) -> Variant:
            base = root / name / "tree"
            destination = base / source.relative_to(top)
            shutil.copytree(source, destination, ignore=IGNORED, symlinks=True)
            for config in workspace.configs:
                target = base / config.path.relative_to(top)
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(config.path, target)
            (base / ".git").mkdir(exist_ok=True)  # discovery stops here, as at the real boundary
            return Variant(name, destination, root / name / "target")

        baseline = copy("baseline")
        recommended = copy("recommended")
        recommended.fixes = apply_fixes(recommended.project)
        if not recommended.fixes:
            raise NothingToMeasure("buildlint has no safe fix for this project: nothing to measure")
        variants = [baseline, recommended]
        if options.each:
            for code in recommended.fixes:
                variant = copy(code)
                variant.fixes = apply_fixes(variant.project, only=code)
                if variant.fixes:  # a fix that only another one reveals cannot stand alone
                    variants.append(variant)
        yield workspace, variants, root


def measure(
    path: str, options: Options, log: Path, progress_stream: io.TextIOBase | None = None
) -> dict[str, object]:
    """Build every variant `options.runs` times, alternating, and return the report's data."""
    if shutil.which("cargo") is None:
        raise CargoMissing("cargo is not on PATH")
    workflows = [w for w in WORKFLOWS if w.name in options.workflows]
    with prepared(path, options) as (workspace, variants, _):
        sources = {v.name: main_source(workspace, v.project, options.touch) for v in variants}
        runner = Runner(log, options)
        steps = options.runs * len(variants) * len(workflows)
        progress = Progress(steps, progress_stream)
        try:
            _check_baseline_builds(runner, variants[0], progress)
            for run in range(options.runs):
                for variant in variants:
                    _one_run(
                        runner,
                        variant,
                        workflows,
                        sources[variant.name],
                        progress,
                        run,
                        options.runs,
                    )
        except MeasureError as error:
            culprit = _culprit(runner, variants, error)
            raise MeasureError(f"{error}{culprit}; cargo's output is in {log}") from None
        finally:
            progress.finish()
        return _report(workspace, variants, workflows, options, log)


def _check_baseline_builds(runner: Runner, baseline: Variant, progress: Progress) -> None:
    progress.show("checking that the project builds as it is")
    try:
        runner.cargo(baseline, ("build",))
    except MeasureError as error:
        raise MeasureError(f"the project does not build as it is: {error}") from None
    baseline.clean()


def _one_run(
    runner: Runner,
    variant: Variant,
    workflows: list[Workflow],
    source: Path,
    progress: Progress,
    run: int,
    runs: int,
) -> None:
    variant.clean()
    built = False
    for workflow in workflows:
        progress.show(f"{variant.name}, run {run + 1}/{runs}: {workflow.label}")
        if workflow.after_change:
            if not built:
                runner.cargo(variant, ("build",))
                built = True
            runner.cargo(variant, workflow.cargo)  # warm this command's own artifacts
            touch(source)
        elapsed = runner.cargo(variant, workflow.cargo)
        variant.samples.setdefault(workflow.name, []).append(elapsed)
        if workflow.name == "build":
            built = True
            variant.target_sizes.append(variant.build_size())
        progress.step_done()


def _culprit(runner: Runner, variants: list[Variant], error: MeasureError) -> str:
    """When the recommended configuration fails, which single fix breaks the build."""
    if "recommended" not in str(error):
        return ""
    broken = []
    for variant in variants[2:]:
        try:
            runner.cargo(variant, ("build",))
        except MeasureError:
            broken.append(variant.name)
    return f" (the fix that breaks it: {', '.join(broken)})" if broken else ""


def _report(
    workspace: Workspace,
    variants: list[Variant],
    workflows: list[Workflow],
    options: Options,
    log: Path,
) -> dict[str, object]:
    baseline = variants[0]
    results = []
    for variant in variants[1:]:
        rows = []
        for workflow in workflows:
            comparison = compare(baseline, variant, workflow.name)
            rows.append(
                {
                    "workflow": workflow.name,
                    "label": workflow.label,
                    "baseline": {
                        "median": comparison.baseline,
                        "spread": comparison.baseline_spread,
                        "samples": baseline.samples[workflow.name],
                    },
                    variant.name: {
                        "median": comparison.other,
                        "spread": comparison.other_spread,
                        "samples": variant.samples[workflow.name],
                    },
                    "change": comparison.change,
                    "verdict": comparison.verdict,
                }
            )
        sizes = {}
        if baseline.target_sizes and variant.target_sizes:
            before, after = (
                statistics.median(baseline.target_sizes),
                statistics.median(variant.target_sizes),
            )
            sizes = {
                "baseline": before,
                variant.name: after,
                "change": (after - before) / before if before else 0.0,
            }
        results.append(
            {
                "variant": variant.name,
                "fixes": list(variant.fixes),
                "workflows": rows,
                "target_size": sizes,
            }
        )
    return {
        "project": str(workspace.manifest.display),
        "runs": options.runs,
        "cargo": _cargo_version(baseline.project),
        "comparisons": results,
        "log": str(log),
    }


def _cargo_version(project: Path) -> str:
    """The cargo that built it: in the project, where a toolchain file may choose another."""
    result = subprocess.run(["cargo", "--version"], cwd=project, capture_output=True, text=True)
    return result.stdout.strip()


# --- rendering -----------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:.2f}s" if value < 10 else f"{value:.1f}s"


def _megabytes(value: float) -> str:
    return f"{value / 1e6:.1f} MB"


def _bar(value: float, largest: float, width: int = 24) -> str:
    return "█" * max(1, round(width * value / largest)) if largest else ""


def _timing(sample: dict[str, float], separator: str = " ±") -> str:
    return f"{_seconds(sample['median'])}{separator}{_seconds(sample['spread'])}"


def _change(row: dict[str, object]) -> str:
    if row["verdict"] == "no clear difference":
        return "no clear difference"
    change = row["change"]
    assert isinstance(change, float)
    return f"{change:+.1%}" if abs(change) < 0.1 else f"{change:+.0%}"


SIZE_LABEL = "build output after a clean build"


def render_text(report: dict[str, Any]) -> str:
    header = (
        f"buildlint measure: {report['project']}, {report['runs']} runs each, {report['cargo']}"
    )
    lines = [header]
    for comparison in report["comparisons"]:
        name = comparison["variant"]
        lines += ["", f"baseline vs {name} ({', '.join(comparison['fixes'])})", ""]
        lines.append(f"{'workflow':<38}{'baseline':>16}{name:>16}   change")
        for row in comparison["workflows"]:
            a, b = row["baseline"], row[name]
            lines.append(f"{row['label']:<38}{_timing(a):>16}{_timing(b):>16}   {_change(row)}")
            largest = max(a["median"], b["median"])
            lines.append(f"    {'baseline':<12}{_bar(a['median'], largest)}")
            lines.append(f"    {name:<12}{_bar(b['median'], largest)}")
        sizes = comparison["target_size"]
        if sizes:
            before, after = _megabytes(sizes["baseline"]), _megabytes(sizes[name])
            lines.append(f"{SIZE_LABEL:<38}{before:>16}{after:>16}   {sizes['change']:+.0%}")
    lines += ["", f"cargo's output: {report['log']}"]
    return "\n".join(lines) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"### buildlint measure: `{report['project']}`",
        "",
        f"{report['runs']} runs of each, alternating; median ± spread. {report['cargo']}.",
    ]
    for comparison in report["comparisons"]:
        name = comparison["variant"]
        fixes = ", ".join(f"`{code}`" for code in comparison["fixes"])
        lines += ["", f"**baseline vs {name}** ({fixes})", ""]
        lines += [f"| workflow | baseline | {name} | change |", "|---|---:|---:|---|"]
        for row in comparison["workflows"]:
            a, b = _timing(row["baseline"], " ± "), _timing(row[name], " ± ")
            lines.append(f"| {row['label']} | {a} | {b} | {_change(row)} |")
        sizes = comparison["target_size"]
        if sizes:
            before, after = _megabytes(sizes["baseline"]), _megabytes(sizes[name])
            lines.append(f"| {SIZE_LABEL} | {before} | {after} | {sizes['change']:+.0%} |")
    return "\n".join(lines) + "\n"
