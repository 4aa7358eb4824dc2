"""The command line's entry points: `buildlint`, `cargo buildlint`, `python -m
cargo_buildlint`. It dispatches to the command modules (commands/), contains what escapes
them (an internal error is exit 2 with a note, Ctrl-C is 130, a closed pipe is not an error)
and exits without the interpreter's teardown."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .commands import EXIT_CLEAN, EXIT_ERROR, SUBCOMMANDS


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
            return _run_subcommand(args[0], args[1:])
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
                from .commands import check

                return check.run(args, worker)
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


def _run_subcommand(name: str, argv: list[str]) -> int:
    from .commands import measure, profile, rules

    if name == "rules":
        return rules.run_rules(argv)
    if name == "rule":
        return rules.run_rule(argv)
    return (profile.run if name == "profile" else measure.run)(argv)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the final flush cannot fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # a stdout without a descriptor (tests)
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


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
