"""Reading one TOML file, turning every way it can be unreadable into a `LoadProblem`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import tomli

from .diagnostic import Span
from .source import TomlDocument

# Real manifests and config files are kilobytes; parsing a file this big in pure Python would
# take long enough to look like a hang, so refuse it with a message instead.
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class LoadProblem:
    """A file that exists but cannot be read as TOML (BL001)."""

    path: Path
    display: str
    message: str
    span: Span
    text: str = ""  # what could be decoded, to show the line

    def as_document(self) -> TomlDocument:
        """An empty document with the file's text, so diagnostics can show its lines."""
        return TomlDocument(self.path, self.display, self.text, {})


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, else absolute, as cargo prints paths."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith(os.pardir) else relative


def read_toml(path: Path) -> TomlDocument | LoadProblem:
    display = display_path(path)
    start = Span(1, 1, 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return LoadProblem(
                path, display, f"file is too large to be a Cargo file ({size:,} bytes)", start
            )
        raw = path.read_bytes()
    except OSError as error:
        return LoadProblem(path, display, f"cannot read file: {error.strerror or error}", start)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        return LoadProblem(
            path, display, "file is not valid UTF-8", _byte_span(raw, error.start), text
        )
    # Cargo's TOML parser skips a byte order mark; tomli does not, so strip it for parsing only.
    # Positions stay right: the mark is column 1 of line 1 in `text` and the scanner skips it too.
    try:
        data = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        if line == 1 and text.startswith("\ufeff"):
            column += 1
        span = Span(line, column, line, column + 1)
        return LoadProblem(path, display, f"invalid TOML: {_lower_first(message)}", span, text)
    except RecursionError:
        message = "invalid TOML: arrays or tables are nested too deeply"
        return LoadProblem(path, display, message, start, text)
    return TomlDocument(path=path, display=display, text=text, data=data)


def _byte_span(raw: bytes, offset: int) -> Span:
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span(line, column, line, column + 1)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
