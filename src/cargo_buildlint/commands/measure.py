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
        WORKFLOWS,
        CargoMissing,
        MeasureError,
        NothingToMeasure,
        Options,
        measure,
        render_markdown,
        render_text,
    )

    parser = argparse.ArgumentParser(
        prog="buildlint measure",
        description="Build the project as it is and with buildlint's safe fixes, alternately, "
        "and report what the fixes buy. The project's files are never changed.",
    )
    parser.add_argument("path", nargs="?", default=".", help="a Cargo.toml or directory")
    parser.add_argument("--runs", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument("--each", action="store_true", help="also measure each fix on its own")
    parser.add_argument(
        "--workflows",
        default=",".join(w.name for w in WORKFLOWS),
        help="comma-separated subset of: " + ", ".join(w.name for w in WORKFLOWS),
    )
    parser.add_argument("--touch", metavar="FILE", help="the file changed before rebuilds")
    parser.add_argument("--output-format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="give up after this long")
    for flag in ("--offline", "--frozen", "--locked"):
        parser.add_argument(flag, action="store_true", help=f"passed to cargo as {flag}")
    args = parser.parse_args(argv)
    chosen = tuple(name.strip() for name in args.workflows.split(",") if name.strip())
    unknown = [name for name in chosen if name not in {w.name for w in WORKFLOWS}]
    if unknown or not chosen or args.runs < 1:
        problem = (
            f"unknown workflow `{unknown[0]}`" if unknown else "--runs and --workflows need values"
        )
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    flags = tuple(f"--{name}" for name in ("offline", "frozen", "locked") if getattr(args, name))
    options = Options(args.runs, chosen, args.each, args.touch, args.timeout, flags)
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
        print(
            (render_markdown if args.output_format == "markdown" else render_text)(report), end=""
        )
    return EXIT_CLEAN
