"""Paths as the user reads them."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, else absolute, as cargo prints paths.

    A prefix test on the normalised path: `os.path.relpath` resolves the working directory
    on every call, which cost a tenth of a 1,000-member run.
    """
    text = os.path.normpath(os.path.abspath(path))  # noqa: PTH100 - never resolve links
    here = os.getcwd()  # noqa: PTH109 - a string is what is compared
    if text == here:
        return "."
    prefix = here if here.endswith(os.sep) else here + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else str(path)
