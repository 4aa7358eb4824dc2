"""`buildlint [PATH ...]`: lint, and with `--fix`, `--diff` or `--show-files`, fix, show what a
fix would change, or list the files read."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..lint import LintOptions, Validators, lint_paths
from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS

if TYPE_CHECKING:
    import argparse

    from ..diagnostic import Diagnostic
    from ..selection import Selection
    from ..worker import ValidationWorker


def parser() -> argparse.ArgumentParser:
    import argparse

    from ..output import FORMATS
    from .formatter import HelpFormatter

    parser = argparse.ArgumentParser(
        prog="buildlint",
        description="Lint a Rust project's Cargo build settings for mistakes and slow builds.",
        epilog="Also: `buildlint rules` lists the rules, `buildlint rule CODE` explains one.",
        formatter_class=HelpFormatter,
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
        "--extend-exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="skip directories whose path below a directory given matches (shell-style, "
        "repeatable), beside the `exclude` setting",
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


@dataclass(frozen=True)
class CheckOptions:
    """What the command line asks for, typed: nothing below this module sees argparse."""

    paths: list[str]
    lint: LintOptions
    validators: Validators
    fix: bool
    unsafe_fixes: bool
    diff: bool
    show_files: bool


def run(argv: list[str], worker: ValidationWorker) -> int:
    from ..diagnostic import Severity
    from ..discover import UsageError
    from ..engine import INTERNAL_ERROR
    from ..output import renderer, statistics, summary

    args = parser().parse_args(argv)
    selection = _command_line_selection(args)
    if isinstance(selection, str):
        print(f"error: {selection}", file=sys.stderr)
        return EXIT_ERROR
    options = CheckOptions(
        paths=args.paths or ["."],
        lint=LintOptions(
            selection,
            warn_unused_allows=args.warn_unused_allows,
            include_home_config=args.include_home_config,
            fix_to_config=args.fix_to == "config",
            debug=args.debug,
            exclude=tuple(args.extend_exclude),
        ),
        validators=Validators(worker.validate, worker.validate_settings, worker.validate_configs),
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        show_files=args.show_files,
    )
    output_format = args.output_format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    )
    try:
        if options.show_files:
            return _show_files(options, as_json=output_format == "json")
        if options.diff:
            return _show_diff(options)
        result = lint_paths(options.paths, options.lint, options.validators)
        diagnostics, fixed = result.diagnostics, 0
        if options.fix:
            diagnostics, fixed = _fix(options, options.paths, result.diagnostics, result.linted)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    worker.stop()  # nothing more to validate
    if args.statistics:
        report = statistics(diagnostics)
    else:
        report = renderer(output_format)(diagnostics, _use_color(args.color))
    if output_format in ("full", "concise") and not args.quiet:
        blank_line = report and output_format == "full" and not args.statistics
        report += ("\n" if blank_line else "") + summary(diagnostics) + "\n"
        if options.fix:
            report += f"fixed {fixed} finding{'s' if fixed != 1 else ''}\n"
    with contextlib.suppress(BrokenPipeError):  # `buildlint | head`: the verdict still counts
        sys.stdout.write(report)
        sys.stdout.flush()
    if any(d.code == INTERNAL_ERROR for d in diagnostics):
        return EXIT_ERROR
    threshold = Severity[args.fail_on.upper()]
    failing = not args.exit_zero and any(d.severity >= threshold for d in diagnostics)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _fix(
    options: CheckOptions,
    paths: list[str],
    diagnostics: list[Diagnostic],
    linted: dict[Path, str],
    quiet_about_files: bool = False,
) -> tuple[list[Diagnostic], int]:
    """Apply fixes and lint again until nothing changes; the findings left and how many fixed."""
    from ..fix import fix_until_stable

    def collect() -> tuple[list[Diagnostic], dict[Path, str]]:
        result = lint_paths(paths, options.lint, options.validators)
        return result.diagnostics, result.linted

    outcome = fix_until_stable(collect, diagnostics, linted, options.unsafe_fixes)
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not quiet_about_files:
        from ..paths import display_path

        for path in outcome.created:
            print(f"note: created {display_path(path)}", file=sys.stderr)
    return outcome.remaining, len({d.sort_key() for d in outcome.fixed})


def _show_diff(options: CheckOptions) -> int:
    """What `--fix` would change: the same fix loop, run on a copy of the project's files."""
    from ..discover import project_boundary
    from ..fix import changed_files, copy_project, unified_diff
    from ..paths import display_path

    original = lint_paths(options.paths, options.lint, options.validators)
    repositories = [
        boundary
        for boundary in {project_boundary(w.root_dir) for w in original.workspaces}
        if (boundary / ".git").exists()
    ]
    anchors = [Path(p) for p in options.paths]
    with copy_project(list(original.linted), anchors, repositories) as copy:
        copied = [str(copy.mirror(Path(p))) for p in options.paths]
        result = lint_paths(copied, options.lint, options.validators)
        _fix(options, copied, result.diagnostics, result.linted, quiet_about_files=True)
        changes = changed_files(copy)
    for change in changes:
        print(unified_diff(change, display_path(change.path)), end="")
    return EXIT_FINDINGS if changes else EXIT_CLEAN


def _show_files(options: CheckOptions, as_json: bool) -> int:
    from ..discover import UsageError, discover
    from ..show_files import render_json, render_text

    workspaces = discover(options.paths, options.lint.include_home_config, options.lint.exclude)
    if not workspaces:
        raise UsageError(f"no Cargo.toml found in {', '.join(options.paths)}")
    sys.stdout.write((render_json if as_json else render_text)(workspaces))
    return EXIT_CLEAN


def _command_line_selection(args: argparse.Namespace) -> Selection | str:
    """The selection the flags ask for, or what is wrong with them."""
    from ..catalogue import all_rules, unknown_selectors
    from ..diagnostic import Severity
    from ..selection import Selection

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
