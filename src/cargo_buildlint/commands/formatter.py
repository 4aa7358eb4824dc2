"""The help formatter of every subcommand's argument parser."""

from __future__ import annotations

import argparse
import os
import sys


class HelpFormatter(argparse.HelpFormatter):
    """argparse's own, with the terminal width read as `shutil.get_terminal_size` reads it.

    argparse makes a formatter for every argument it is given and asks `shutil` for the
    width, and importing `shutil` imports three compression modules: 2 ms of every lint run
    (a tenth of the margin a 1,000-member workspace has over `cargo metadata`) for a width only
    `--help` uses.
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_columns() - 2)  # as argparse leaves a margin


def terminal_columns(fallback: int = 80) -> int:
    """`COLUMNS` when it is a positive number, else the width of the terminal on stdout."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or fallback  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
        return fallback
