"""`buildlint measure`: what configurations of the build settings buy, side by side, measured
with real cargo builds.

Each configuration (`baseline`, buildlint's `safe` and `all` fixes, `--against` snippets;
measure_setup.py) builds in its own copy and its own target and build directories. Runs
alternate between configurations (A B C A B C) so that drift on the machine hits all of them,
and each workflow reports its median and spread per configuration; a difference smaller than
the spreads is "no clear difference", not a win. Renderers are in measure_report.py.
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
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .measure_setup import (
    Configuration,
    NothingToCompare,
    Setup,
    SetupError,
    edit_code,
    prepared,
)


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str
    cargo: tuple[str, ...]
    after_change: bool  # timed after a one-line change of code, on a warm target


WORKFLOWS = (
    Workflow("build", "clean build", ("build",), False),
    Workflow("rebuild", "rebuild after a one-line change", ("build",), True),
    Workflow("check", "check after the change", ("check",), True),
    Workflow("test", "test --no-run after the change", ("test", "--no-run"), True),
)
CONFIGURATIONS = ("safe", "all")  # buildlint's own, beside `baseline`


class MeasureError(Exception):
    """The measurement cannot go on; the message says why (and where the log is)."""


class CargoMissing(MeasureError):  # noqa: N818 - a usage problem: the CLI exits with 2
    """There is no cargo to build with."""


class NothingToMeasure(MeasureError):  # noqa: N818 - not an error: the CLI says it as a note
    """Every configuration builds the project as it is: not a failure."""


@dataclass(frozen=True)
class Options:
    runs: int = 3
    workflows: tuple[str, ...] = tuple(w.name for w in WORKFLOWS)
    each: bool = False
    touch: str | None = None
    timeout: float | None = None
    cargo_flags: tuple[str, ...] = ()
    configurations: tuple[str, ...] = ("safe",)  # buildlint's, beside `baseline`
    against: tuple[tuple[str, Path], ...] = ()  # `--against NAME=FILE`
    environment: Mapping[str, str] = field(default_factory=dict)  # `--ci`: the job's variables


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


class Progress:
    """One line on stderr: the step, the time spent and an estimate of the time left, from
    what the same workflow took so far (a clean build takes longer than a check)."""

    def __init__(self, steps: list[str], stream: io.TextIOBase | None = None) -> None:
        self.steps, self.done, self.start = steps, 0, time.monotonic()
        self.took: dict[str, list[float]] = {}
        self.began = self.start
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def show(self, what: str) -> None:
        self.began = time.monotonic()
        elapsed = self.began - self.start
        left = self._left()
        estimate = f", about {_duration(left)} left" if left is not None else ""
        step = f"measure [{self.done + 1}/{len(self.steps)}]"
        line = f"{step} {what} ({_duration(elapsed)} elapsed{estimate})"
        self.stream.write(("\r\x1b[2K" + line) if self.live else line + "\n")
        self.stream.flush()

    def _left(self) -> float | None:
        remaining = self.steps[self.done :]
        if not self.took or not remaining:
            return None
        overall = statistics.median(t for times in self.took.values() for t in times)
        return sum(statistics.median(self.took.get(kind, [overall])) for kind in remaining)

    def step_done(self) -> None:
        self.took.setdefault(self.steps[self.done], []).append(time.monotonic() - self.began)
        self.done += 1

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole}s" if whole < 90 else f"{whole // 60}m{whole % 60:02d}s"


class Runner:
    """Runs cargo for a configuration, logs everything, and honours the timeout and Ctrl-C."""

    def __init__(self, log: Path, options: Options) -> None:
        self.log = log
        self.options = options
        self.deadline = time.monotonic() + options.timeout if options.timeout else None

    def cargo(self, configuration: Configuration, args: Sequence[str]) -> float:
        command = ["cargo", *args, *self.options.cargo_flags]
        env = {
            **os.environ,
            **self.options.environment,
            "CARGO_TARGET_DIR": str(configuration.target),
            "CARGO_BUILD_BUILD_DIR": str(configuration.build_dir),
            "CARGO_TERM_COLOR": "never",
        }
        remaining = None if self.deadline is None else self.deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise MeasureError(f"the --timeout of {self.options.timeout:g}s ran out")
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ ({configuration.name}) {' '.join(command)}\n")
            log.flush()
            started = time.perf_counter()
            # A session of its own, so that stopping cargo stops the rustc processes it runs.
            process = subprocess.Popen(
                command,
                cwd=configuration.project,
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
            raise MeasureError(
                f"`{' '.join(command)}` failed for the {configuration.name} configuration"
            )
        return elapsed


def measure(
    path: str, options: Options, log: Path, progress_stream: io.TextIOBase | None = None
) -> dict[str, object]:
    """Build every configuration `options.runs` times, alternating; the report's data."""
    if shutil.which("cargo") is None:
        raise CargoMissing("cargo is not on PATH")
    workflows = [w for w in WORKFLOWS if w.name in options.workflows]
    try:
        with prepared(
            path, list(options.configurations), list(options.against), options.each, options.touch
        ) as setup:
            return _measure(setup, workflows, options, log, progress_stream)
    except NothingToCompare as note:
        raise NothingToMeasure(str(note)) from None
    except SetupError as error:
        raise MeasureError(str(error)) from None


def _measure(
    setup: Setup,
    workflows: list[Workflow],
    options: Options,
    log: Path,
    progress_stream: io.TextIOBase | None,
) -> dict[str, object]:
    configurations = setup.configurations
    runner = Runner(log, options)
    steps = ["build"] + [
        w.name for _ in range(options.runs) for _ in configurations for w in workflows
    ]
    progress = Progress(steps, progress_stream)
    try:
        _check_builds(runner, configurations[0], progress)
        for run in range(options.runs):
            for configuration in configurations:
                _one_run(runner, configuration, workflows, setup, progress, run, options.runs)
    except MeasureError as error:
        culprit = _culprit(runner, configurations, error)
        raise MeasureError(f"{error}{culprit}; cargo's output is in {log}") from None
    finally:
        progress.finish()
    return _report(setup, workflows, options, log)


def _check_builds(runner: Runner, baseline: Configuration, progress: Progress) -> None:
    progress.show("checking that the project builds as it is")
    try:
        runner.cargo(baseline, ("build",))
    except MeasureError as error:
        raise MeasureError(f"the project does not build as it is: {error}") from None
    baseline.clean()
    progress.step_done()


def _one_run(
    runner: Runner,
    configuration: Configuration,
    workflows: list[Workflow],
    setup: Setup,
    progress: Progress,
    run: int,
    runs: int,
) -> None:
    configuration.clean()
    source = configuration.project / setup.edited
    original = source.read_text(encoding="utf-8")
    built = False
    try:
        for index, workflow in enumerate(workflows):
            progress.show(f"{configuration.name}, run {run + 1}/{runs}: {workflow.label}")
            if workflow.after_change:
                if not built:
                    runner.cargo(configuration, ("build",))
                    built = True
                runner.cargo(configuration, workflow.cargo)  # warm this command's own artifacts
                edit_code(source, original, run * len(workflows) + index + 1)
            elapsed = runner.cargo(configuration, workflow.cargo)
            configuration.samples.setdefault(workflow.name, []).append(elapsed)
            if workflow.name == "build":
                built = True
                configuration.sizes.append(configuration.build_size())
            progress.step_done()
    finally:
        source.write_text(original, encoding="utf-8")


def _culprit(runner: Runner, configurations: list[Configuration], error: MeasureError) -> str:
    """When a fix set fails to build, which of its single fixes breaks it (with `--each`)."""
    failed = next(
        (c for c in configurations if f"for the {c.name} configuration" in str(error)), None
    )
    if failed is None or not failed.fixes or failed.name == "baseline":
        return ""
    broken = []
    for configuration in configurations:
        if len(configuration.fixes) == 1 and configuration.fixes[0] in failed.fixes:
            try:
                runner.cargo(configuration, ("build",))
            except MeasureError:
                broken.append(configuration.name)
    return f" (the fix that breaks it: {', '.join(broken)})" if broken else ""


def _report(
    setup: Setup, workflows: list[Workflow], options: Options, log: Path
) -> dict[str, object]:
    configurations = setup.configurations
    baseline = configurations[0]
    rows = []
    for workflow in workflows:
        results: dict[str, dict[str, object]] = {}
        for configuration in configurations:
            samples = configuration.samples[workflow.name]
            result: dict[str, object] = {
                "median": statistics.median(samples),
                "spread": spread(samples),
                "samples": samples,
            }
            if configuration is not baseline:
                a = baseline.samples[workflow.name]
                comparison = Comparison(
                    workflow.name,
                    statistics.median(a),
                    statistics.median(samples),
                    spread(a),
                    spread(samples),
                    min(len(a), len(samples)),
                )
                result["ratio"] = (
                    comparison.other / comparison.baseline if comparison.baseline else 1.0
                )
                result["verdict"] = comparison.verdict
            results[configuration.name] = result
        rows.append({"workflow": workflow.name, "label": workflow.label, "results": results})
    sizes = {c.name: statistics.median(c.sizes) for c in configurations if c.sizes}
    return {
        "project": str(setup.workspace.manifest.display),
        "runs": options.runs,
        "cargo": _cargo_version(baseline.project),
        "cores": os.cpu_count() or 1,
        "edited": str(setup.edited),
        "environment": dict(options.environment),
        "configurations": [
            {
                "name": c.name,
                "description": c.description,
                "fixes": list(c.fixes),
                "settings": c.settings,
            }
            for c in configurations
        ],
        "workflows": rows,
        "sizes": sizes,
        "skipped": [{"fix": code, "why": why} for code, why in setup.skipped],
        "log": str(log),
    }


def _cargo_version(project: Path) -> str:
    """The cargo that built it: in the project, where a toolchain file may choose another."""
    result = subprocess.run(["cargo", "--version"], cwd=project, capture_output=True, text=True)
    return result.stdout.strip()
