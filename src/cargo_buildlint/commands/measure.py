"""`buildlint measure`: the command line of measure.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS


def run(argv: list[str]) -> int:
    import argparse
    import json
    import tempfile

    from ..measure import (
        CONFIGURATIONS,
        WORKFLOWS,
        CargoMissing,
        MeasureError,
        NothingToMeasure,
        Options,
        measure,
    )
    from ..measure_report import render_html, render_markdown, render_text
    from .formatter import HelpFormatter

    parser = argparse.ArgumentParser(
        prog="buildlint measure",
        description="Build the project as it is and in other configurations (buildlint's "
        "safe fixes, all its fixes, settings of your own), alternately, and report what each "
        "buys. The project's files are never changed.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("path", nargs="?", default=".", help="a Cargo.toml or directory")
    parser.add_argument("--runs", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument(
        "--configurations",
        default="safe",
        help="buildlint's configurations beside `baseline`: safe, all, or none (only the "
        "`--against` ones) (default: safe)",
    )
    parser.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="also measure a TOML snippet of profile and config settings (repeatable)",
    )
    parser.add_argument("--each", action="store_true", help="also measure each fix on its own")
    parser.add_argument(
        "--ci", metavar="WORKFLOW:JOB", help="build under that CI job's environment"
    )
    parser.add_argument(
        "--workflows",
        default=",".join(w.name for w in WORKFLOWS),
        help="comma-separated subset of: " + ", ".join(w.name for w in WORKFLOWS),
    )
    parser.add_argument("--touch", metavar="FILE", help="the source file changed before rebuilds")
    parser.add_argument(
        "--output-format", choices=("text", "json", "markdown", "html"), default="text"
    )
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="give up after this long")
    for flag in ("--offline", "--frozen", "--locked"):
        parser.add_argument(flag, action="store_true", help=f"passed to cargo as {flag}")
    args = parser.parse_args(argv)
    chosen = _names(args.workflows)
    configurations = () if args.configurations == "none" else _names(args.configurations)
    known = {w.name for w in WORKFLOWS}
    problem = (
        next((f"unknown workflow `{n}`" for n in chosen if n not in known), "")
        or next(
            (f"unknown configuration `{n}`" for n in configurations if n not in CONFIGURATIONS), ""
        )
        or next((f"`--against {a}`: write NAME=FILE" for a in args.against if "=" not in a), "")
        or ("--runs and --workflows need values" if not chosen or args.runs < 1 else "")
        or (
            "`--each` measures buildlint's fixes: name `safe` or `all` in `--configurations`"
            if args.each and not configurations
            else ""
        )
    )
    against = tuple((a.split("=", 1)[0], Path(a.split("=", 1)[1])) for a in args.against)
    environment: dict[str, str] = {}
    if not problem and args.ci:
        try:
            environment = ci_environment(args.path, args.ci)
        except ValueError as error:
            problem = str(error)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    flags = tuple(f"--{name}" for name in ("offline", "frozen", "locked") if getattr(args, name))
    options = Options(
        args.runs,
        chosen,
        args.each,
        args.touch,
        args.timeout,
        flags,
        configurations,
        against,
        environment,
    )
    descriptor, log_name = tempfile.mkstemp(prefix="buildlint-measure-", suffix=".log")
    os.close(descriptor)
    try:
        report = measure(args.path, options, Path(log_name))
    except NothingToMeasure as note:
        print(f"note: {note}", file=sys.stderr)
        return EXIT_CLEAN
    except MeasureError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR if isinstance(error, CargoMissing) else EXIT_FINDINGS
    if args.output_format == "json":
        print(json.dumps(report, indent=2))
    else:
        renderer = {"markdown": render_markdown, "html": render_html}.get(
            args.output_format, render_text
        )
        print(renderer(report), end="")
    return EXIT_CLEAN


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def ci_environment(path: str, wanted: str) -> dict[str, str]:
    """The variables a CI job's first compiling command runs with (those an expression does
    not decide), with `CI=true` as the runner sets it. Raises ValueError."""
    from ..commands.profile import _ci_runs
    from ..discover import UsageError
    from ..lint import build_projects

    try:
        projects = build_projects([path])
        runs = _ci_runs(projects[0], wanted, "dev")
    except UsageError as error:
        raise ValueError(f"--ci {wanted}: {error}") from None
    known = {name: v.value for name, v in runs[0].env.items() if v.value is not None}
    return {**known, "CI": "true"}
