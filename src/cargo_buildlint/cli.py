"""The command line: `buildlint [PATH ...]`, `buildlint rule CODE`, `buildlint rules`.

The only module that decides exit codes: 0 when nothing at or above warning was found, 1 when
something was, 2 for usage errors, unreadable paths and internal errors.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__

if TYPE_CHECKING:
    import argparse

    from .diagnostic import Diagnostic
    from .selection import Selection
    from .worker import ValidationWorker

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("rule", "rules", "profile", "measure")


def _lint_parser() -> argparse.ArgumentParser:
    import argparse

    from .output import FORMATS

    parser = argparse.ArgumentParser(
        prog="buildlint",
        description="Lint a Rust project's Cargo build settings for mistakes and slow builds.",
        epilog="Also: `buildlint rules` lists the rules, `buildlint rule CODE` explains one.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a Cargo.toml, a config or toolchain file, or a directory to search for workspaces "
        "(default: the current directory)",
    )
    parser.add_argument(
        "--output-format",
        choices=FORMATS,
        help="default: github under GitHub Actions (GITHUB_ACTIONS=true), else full",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="warning",
        help="exit with 1 when a finding is at least this severe (default: warning)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit with 0 even with findings")
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print the findings and nothing else"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the full and concise formats (auto: on a terminal, unless NO_COLOR is set)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULE",
        help="check only these rules (code, code prefix or name; repeatable)",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        default=[],
        metavar="RULE",
        help="check these rules as well as the selected ones (repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="skip these rules (code, code prefix or name; repeatable); the most specific "
        "selector wins",
    )
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="report a rule (or every rule of a prefix) as error, warning or info",
    )
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument(
        "--fix", action="store_true", help="apply the safe fixes, then report what remains"
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply fixes that change more than build speed",
    )
    modes.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, and change nothing",
    )
    parser.add_argument(
        "--fix-to",
        choices=("manifest", "config"),
        default="manifest",
        help="where new profile settings go: the root Cargo.toml (default) or .cargo/config.toml",
    )
    parser.add_argument(
        "--warn-unused-allows",
        action="store_true",
        help="report `# buildlint: allow(...)` comments that silence nothing (BL015)",
    )
    parser.add_argument(
        "--include-home-config",
        action="store_true",
        help="also read $CARGO_HOME/config.toml, as Cargo does on this machine",
    )
    parser.add_argument(
        "--show-files",
        action="store_true",
        help="list the files each workspace is read from, with their roles, and lint nothing "
        "(as JSON with `--output-format json`)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"buildlint {__version__}")
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        if args and args[0] in SUBCOMMANDS:
            if Path(args[0]).exists():  # `buildlint rules` beside a crate directory `rules/`
                print(
                    f"note: `{args[0]}` runs the subcommand; to lint the path, write "
                    f"`buildlint ./{args[0]}`",
                    file=sys.stderr,
                )
            return _explain(args)
        from .worker import ValidationWorker

        # A lint run is short and frees nothing cyclic worth collecting, while the collector
        # runs again and again during pydantic's import and the parsing of many manifests
        # (about 10 % of the run). The worker inherits this; callers get it back on return.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # First thing, before the imports below: the worker imports pydantic on another
            # core while this process discovers and parses the project (see worker.py).
            with ValidationWorker() as worker:
                return _lint(args, worker)
        finally:
            if collecting:
                gc.enable()
    except SystemExit as exit_request:  # argparse: --help, --version, usage errors
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `buildlint profile dev | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_CLEAN
    except Exception as error:
        if debug:
            raise
        print(f"error: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("note: run with `--debug` for the traceback, and please report it", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the final flush cannot fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # a stdout without a descriptor (tests)
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _lint(argv: list[str], worker: ValidationWorker) -> int:
    from .diagnostic import Severity
    from .discover import UsageError
    from .engine import INTERNAL_ERROR
    from .output import renderer, statistics, summary

    args = _lint_parser().parse_args(argv)
    selection = _command_line_selection(args)
    if isinstance(selection, str):
        print(f"error: {selection}", file=sys.stderr)
        return EXIT_ERROR
    paths = args.paths or ["."]
    try:
        if args.show_files:
            return _show_files(args, paths)
        if args.diff:
            return _show_diff(args, paths, selection, worker)
        diagnostics, linted = _collect(args, paths, selection, worker)
        fixed = 0
        if args.fix:
            diagnostics, fixed = _fix(args, paths, selection, worker, diagnostics, linted)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    output_format = args.output_format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    )
    if args.statistics:
        report = statistics(diagnostics)
    else:
        report = renderer(output_format)(diagnostics, _use_color(args.color))
    if output_format in ("full", "concise") and not args.quiet:
        blank_line = report and output_format == "full" and not args.statistics
        report += ("\n" if blank_line else "") + summary(diagnostics) + "\n"
        if args.fix:
            report += f"fixed {fixed} finding{'s' if fixed != 1 else ''}\n"
    with contextlib.suppress(BrokenPipeError):  # `buildlint | head`: the verdict still counts
        sys.stdout.write(report)
        sys.stdout.flush()
    if any(d.code == INTERNAL_ERROR for d in diagnostics):
        return EXIT_ERROR
    threshold = Severity[args.fail_on.upper()]
    failing = not args.exit_zero and any(d.severity >= threshold for d in diagnostics)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _collect(
    args: argparse.Namespace, paths: list[str], selection: Selection, worker: ValidationWorker
) -> tuple[list[Diagnostic], dict[Path, str]]:
    """Every diagnostic of the workspaces under `paths`, and the text of each file read."""
    from .lint import LintOptions, Validators, lint_paths

    options = LintOptions(
        selection,
        warn_unused_allows=args.warn_unused_allows,
        include_home_config=args.include_home_config,
        fix_to_config=args.fix_to == "config",
        debug=args.debug,
    )
    validators = Validators(worker.validate, worker.validate_settings, worker.validate_configs)
    result = lint_paths(paths, options, validators)
    return result.diagnostics, result.linted


def _fix(
    args: argparse.Namespace,
    paths: list[str],
    selection: Selection,
    worker: ValidationWorker,
    diagnostics: list[Diagnostic],
    linted: dict[Path, str],
) -> tuple[list[Diagnostic], int]:
    """Apply fixes and lint again until nothing changes; the findings left and how many fixed."""
    from .fix import fix_until_stable

    outcome = fix_until_stable(
        lambda: _collect(args, paths, selection, worker), diagnostics, linted, args.unsafe_fixes
    )
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.diff:
        from .load import display_path

        for path in outcome.created:
            print(f"note: created {display_path(path)}", file=sys.stderr)
    return outcome.remaining, len({d.sort_key() for d in outcome.fixed})


def _show_diff(
    args: argparse.Namespace, paths: list[str], selection: Selection, worker: ValidationWorker
) -> int:
    """What `--fix` would change: the same fix loop, run on a copy of the project's files."""
    from .fix import changed_files, copy_project, unified_diff
    from .load import display_path

    _, linted = _collect(args, paths, selection, worker)
    with copy_project(list(linted), [Path(p) for p in paths]) as copy:
        copied_paths = [str(copy.mirror(Path(p))) for p in paths]
        diagnostics, copied_linted = _collect(args, copied_paths, selection, worker)
        _fix(args, copied_paths, selection, worker, diagnostics, copied_linted)
        changes = changed_files(copy)
    for change in changes:
        print(unified_diff(change, display_path(change.path)), end="")
    return EXIT_FINDINGS if changes else EXIT_CLEAN


def _show_files(args: argparse.Namespace, paths: list[str]) -> int:
    from .discover import UsageError, discover
    from .show_files import render_json, render_text

    workspaces = discover(paths, include_home_config=args.include_home_config)
    if not workspaces:
        raise UsageError(f"no Cargo.toml found in {', '.join(paths)}")
    render = render_json if args.output_format == "json" else render_text
    sys.stdout.write(render(workspaces))
    return EXIT_CLEAN


def _command_line_selection(args: argparse.Namespace) -> Selection | str:
    """The selection the flags ask for, or what is wrong with them."""
    from .catalogue import all_rules, unknown_selectors
    from .diagnostic import Severity
    from .selection import Selection

    severities: dict[str, Severity] = {}
    for item in args.severity:
        selector, _, level = item.partition("=")
        if level.upper() not in Severity.__members__:
            return f"`--severity {item}` needs RULE=error, RULE=warning or RULE=info"
        severities[selector] = Severity[level.upper()]
    select, extend_select, ignore = (
        _split_commas(given) for given in (args.select or [], args.extend_select, args.ignore)
    )
    unknown = unknown_selectors([*select, *extend_select, *ignore, *severities], all_rules())
    if unknown:
        return f"no rule matches `{unknown[0]}`; `buildlint rules` lists them"
    return Selection(
        select=select if args.select else None,
        extend_select=extend_select,
        ignore=ignore,
        severity=severities,
    )


def _split_commas(given: list[str]) -> tuple[str, ...]:
    """`--select BL002,BL201` names two rules, as in ruff and flake8."""
    return tuple(part.strip() for item in given for part in item.split(",") if part.strip())


def _explain(argv: list[str]) -> int:
    import argparse

    from .catalogue import all_rules, find_rule

    if argv[0] == "profile":
        return _show_profile(argv[1:])
    if argv[0] == "measure":
        return _measure(argv[1:])
    if argv[0] == "rules":
        argparse.ArgumentParser(prog="buildlint rules", description="List every rule.").parse_args(
            argv[1:]
        )
        for rule in all_rules():
            print(f"{rule.code}  {rule.name:<34} {rule.default_severity.label:<8} {rule.summary}")
        return EXIT_CLEAN
    parser = argparse.ArgumentParser(prog="buildlint rule", description="Explain one rule.")
    parser.add_argument("rule", metavar="CODE|NAME")
    selector = parser.parse_args(argv[1:]).rule
    found = find_rule(selector)
    if found is None:
        print(f"error: no rule `{selector}`; `buildlint rules` lists them", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {found.code} {found.name} ({found.default_severity.label})\n\n{found.doc}")
    return EXIT_CLEAN


def _show_profile(argv: list[str]) -> int:
    import argparse

    from .discover import UsageError, discover
    from .explain_profile import render_profile
    from .lint import build_project

    parser = argparse.ArgumentParser(
        prog="buildlint profile",
        description="Show a profile's effective settings and where each comes from.",
    )
    parser.add_argument("name", nargs="?", default="dev", help="the profile (default: dev)")
    parser.add_argument("path", nargs="?", default=".", help="a Cargo.toml or directory")
    args = parser.parse_args(argv)
    try:
        workspaces = discover([args.path])
        if not workspaces:
            raise UsageError(f"no Cargo.toml found in {args.path}")
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    for workspace in workspaces:
        project = build_project(workspace)
        if not project.profiles.is_defined(args.name):
            print(
                f"error: profile `{args.name}` is not defined in {project.manifest.display}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        print(render_profile(project, args.name))
    return EXIT_CLEAN


def _measure(argv: list[str]) -> int:
    import argparse
    import json
    import tempfile

    from .measure import (
        WORKFLOWS,
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
        return EXIT_ERROR if "cargo is not on PATH" in str(error) else EXIT_FINDINGS
    if args.output_format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(
            (render_markdown if args.output_format == "markdown" else render_text)(report), end=""
        )
    return EXIT_CLEAN


def run() -> NoReturn:
    """The `buildlint` console script."""
    _exit_now(main())


def run_as_cargo_subcommand() -> NoReturn:
    """The `cargo-buildlint` console script, which `cargo buildlint ARGS` runs."""
    _exit_now(main(strip_cargo_subcommand(sys.argv[1:])))


def strip_cargo_subcommand(args: list[str]) -> list[str]:
    """Cargo runs `cargo-buildlint buildlint ARGS` for `cargo buildlint ARGS`."""
    return args[1:] if args[:1] == ["buildlint"] else args


def _exit_now(code: int) -> NoReturn:
    """Exit without the interpreter's teardown, which frees every parsed document one by one
    and takes longer than linting a large workspace; buildlint registers nothing it needs."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`buildlint | head`): nothing left to say
        pass
    os._exit(code)
