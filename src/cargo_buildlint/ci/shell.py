"""What a CI script does that matters to Cargo: its commands (with their inline `VAR=value`
prefixes), the variables it exports to later steps (`>> $GITHUB_ENV`, heredocs included) or to
its own later commands (`export`), and the directory it changes to.

This is not a shell: a command is read when its words are literal, and whatever depends on
the shell's state (`$VAR`, `$(...)`) is kept as written and judged unknown by the caller.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import shlex
from dataclasses import dataclass, field

# Words that run the rest of the line as a command.
_WRAPPERS = frozenset({"time", "command", "exec", "xvfb-run", "nohup", "then", "do"})
_CONTROL = frozenset({"if", "elif", "while", "until", "!", "{", "(", "else"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "|&"})
_KEPT_BLANK = "\u00a0"
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_GITHUB_ENV = re.compile(r">>?\s*[\"']?(?:\$\{?GITHUB_ENV\}?|\$env:GITHUB_ENV)[\"']?")
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")
_ASSIGNMENT_TEXT = re.compile(r"^\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)=(.*?)[\"']?\s*$")


@dataclass(frozen=True)
class Command:
    """One simple command: `words` after the inline assignments, where it starts in the
    script (0-based line and column) and how long its first line is."""

    words: tuple[str, ...]
    assignments: tuple[tuple[str, str], ...]
    line: int
    column: int
    length: int
    text: str
    directory: str | None  # the last literal `cd` before it in the script, if any


@dataclass(frozen=True)
class Export:
    """A variable written for later steps (`$GITHUB_ENV`) or this script's later commands."""

    name: str
    value: str
    line: int
    column: int
    length: int
    to_later_steps: bool


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    # the lines (0-based) that write a Cargo config file (`>> .cargo/config.toml`, `tee`,
    # `sed -i`, `cp`): what the files say no longer holds for the commands after them
    config_writes: list[tuple[int, int]] = field(default_factory=list)  # (line, column)


# A Cargo config file as a shell word, and the ways a script writes one: a redirect into it,
# `tee` to it, an in-place edit of it, or it as the destination (last word) of a copy, a move
# or a link, or its removal.
_CONFIG = r"[\"']?[^\s\"'>|;&]*\.cargo/config(?:\.toml)?[\"']?(?![\w.])"
_END = r"\s*(?:$|[;&|)]|#)"
_CONFIG_WRITE = re.compile(
    rf">>?\s*{_CONFIG}"
    rf"|(?<![\w-])tee(?:\s+-\S+)*\s+{_CONFIG}"
    rf"|(?<![\w-])(?:sed\s+(?:-\S*i\S*|--in-place)|perl\s+-\S*i\S*)\s.*{_CONFIG}"
    rf"|(?<![\w-])(?:cp|mv|ln|install|rm)\s[^;&|]*{_CONFIG}{_END}"
)


def read_script(text: str) -> Script:
    script = Script()
    # `${{ matrix.x }}` is one word to GitHub: keep it one for the shell reader (its blanks
    # become no-break spaces of the same length, turned back in what is returned)
    text = _EXPRESSION.sub(lambda match: re.sub(r"[ \t]", _KEPT_BLANK, match[0]), text)
    lines = text.split("\n")
    script.config_writes = [
        (number, match.start())
        for number, line in enumerate(lines)
        for match in _CONFIG_WRITE.finditer(_without_comment(line))
    ]
    directory: str | None = "."
    stack: list[str | None] = []  # directories to restore when a subshell ends
    pushed: list[str | None] = []  # `pushd`
    number = 0
    while number < len(lines):
        first = number
        line = lines[number]
        # a backslash at the end continues the command on the next line
        while line.rstrip().endswith("\\") and number + 1 < len(lines):
            number += 1
            line = line.rstrip()[:-1] + " " + lines[number].strip()
        number += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        group = _grouped_write(lines, first)
        if group is not None:
            number, written = group
            _env_file(script, written)
            continue
        heredoc = _HEREDOC.search(line)
        if heredoc and _GITHUB_ENV.search(line):
            end = heredoc[1]
            body = []
            while number < len(lines) and lines[number].strip() != end:
                body.append((number, lines[number]))
                number += 1
            number += 1
            _env_file(script, body)
            continue
        if heredoc:  # a heredoc's body is data, not commands
            end = heredoc[1]
            while number < len(lines) and lines[number].strip() != end:
                number += 1
            number += 1
        if _GITHUB_ENV.search(line):
            _github_env_write(script, line, first)
            continue
        column = len(lines[first]) - len(lines[first].lstrip())
        for words, offset, end, opens, closes in _commands(stripped):
            stack += [directory] * opens  # `( ... )` runs in a subshell: its `cd` ends with it
            assignments, words = _split_assignments(words)
            words = _unwrap(words)
            if words[:1] == ["export"]:
                for name, value in _split_assignments(words[1:])[0]:
                    length = len(lines[first]) - column
                    script.exports.append(
                        Export(name, _restore(value), first, column, length, False)
                    )
            elif words[:1] == ["cd"] or words[:1] == ["pushd"]:
                if words[0] == "pushd":
                    pushed.append(directory)
                directory = _change_directory(directory, words[1] if len(words) > 1 else "~")
            elif words[:1] == ["popd"]:
                directory = pushed.pop() if pushed else None
            elif words:
                at = column + offset
                script.commands.append(
                    Command(
                        tuple(_restore(word) for word in words),
                        tuple((name, _restore(value)) for name, value in assignments),
                        first,
                        at,
                        # the command, not what follows it, on its first line
                        max(1, min(end - offset, len(_continued(lines[first])) - at)),
                        stripped,
                        directory,
                    )
                )
            for _ in range(min(closes, len(stack))):
                directory = stack.pop()
    return script


def _without_comment(line: str) -> str:
    """The line before its `#` comment: a `#` outside quotes that starts a word."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def _continued(line: str) -> str:
    """A line without the backslash that continues it on the next."""
    return line.rstrip().removesuffix("\\").rstrip()


def _change_directory(current: str | None, target: str) -> str | None:
    """The directory after `cd target`, relative to where the script started (None: unknown,
    as after `cd $DIR`, `cd ~` or `cd /abs`)."""
    if current is None or not literal(target) or target.startswith(("/", "~", "-")):
        return None
    joined = posixpath.normpath(posixpath.join(current, target))
    return "." if joined == "." else joined


def _unwrap(words: list[str]) -> list[str]:
    """The command a wrapper runs: `sudo -E cargo`, `xargs -n1 cargo`, `sh -c 'cargo doc'`."""
    while words:
        head = words[0]
        if head in ("sudo", "xargs", "nice", "timeout", "stdbuf"):
            rest = words[1:]
            while rest and (
                rest[0].startswith("-") or (head == "timeout" and rest[0][:1].isdigit())
            ):
                rest = rest[1:]
            words = rest
        elif head in ("sh", "bash") and len(words) >= 3 and words[1] == "-c":
            inner = _commands(words[2])
            return _unwrap(inner[0][0]) if len(inner) == 1 else words
        else:
            return words
    return words


def _restore(text: str) -> str:
    return text.replace(_KEPT_BLANK, " ")


def _github_env_write(script: Script, line: str, number: int) -> None:
    """`echo "NAME=value" >> $GITHUB_ENV` and its PowerShell and printf forms."""
    before = _GITHUB_ENV.split(line, maxsplit=1)[0]
    for separator in ("echo ", "printf ", "Write-Output ", "Add-Content "):
        if separator in before:
            before = before.rsplit(separator, 1)[1]
            break
    before = before.split("|")[0].strip()
    if before.startswith("-"):
        before = before.split(maxsplit=1)[-1]
    with contextlib.suppress(ValueError):  # the words `echo` gets: quotes gone, blank-joined
        before = " ".join(shlex.split(before))
    column = len(line) - len(line.lstrip())
    match = _ASSIGNMENT_TEXT.match(before)
    if match:
        value = match[2].removesuffix("\\n")
        script.exports.append(
            Export(
                match[1], _restore(value), number, column, len(line.strip()), to_later_steps=True
            )
        )


def _grouped_write(lines: list[str], number: int) -> tuple[int, list[tuple[int, str]]] | None:
    """Several lines written to `$GITHUB_ENV` at once: `{ echo ...; echo ...; } >> $GITHUB_ENV`
    or a multi-line `echo "..." > $GITHUB_ENV`. The line after it, and the lines written."""
    stripped = lines[number].strip()
    if stripped == "{":
        for end in range(number + 1, len(lines)):
            if lines[end].strip().startswith("}"):
                if not _GITHUB_ENV.search(lines[end]):
                    return None
                written = []
                for inner in range(number + 1, end):
                    echo = re.match(r"\s*echo\s+(.*)$", lines[inner])
                    if echo:
                        written.append((inner, _unquote(echo[1])))
                return end + 1, written
        return None
    opening = re.match(r"echo\s+\"", stripped)
    if opening is None or stripped.count('"') != 1:
        return None
    for end in range(number + 1, len(lines)):
        if '"' in lines[end]:
            if not _GITHUB_ENV.search(lines[end]):
                return None
            head = stripped[opening.end() :]
            written = [(number, head)] if head.strip() else []
            written += [(inner, lines[inner]) for inner in range(number + 1, end)]
            tail = lines[end].split('"', 1)[0]
            written += [(end, tail)] if tail.strip() else []
            return end + 1, written
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _env_file(script: Script, written: list[tuple[int, str]]) -> None:
    """Lines of GitHub's env file: `NAME=value`, or `NAME<<DELIMITER` up to the delimiter."""
    index = 0
    while index < len(written):
        number, line = written[index]
        index += 1
        multi = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)<<(\S+)\s*$", line)
        if multi is None:
            _assignment(script, line, number, to_later_steps=True)
            continue
        values = []
        while index < len(written) and written[index][1].strip() != multi[2]:
            values.append(written[index][1].strip())
            index += 1
        index += 1
        column = len(line) - len(line.lstrip())
        value = " ".join(v for v in values if v)
        script.exports.append(
            Export(
                multi[1], _restore(value), number, column, len(line.strip()), to_later_steps=True
            )
        )


def _assignment(script: Script, line: str, number: int, to_later_steps: bool) -> None:
    match = _ASSIGNMENT_TEXT.match(line)
    if match:
        column = len(line) - len(line.lstrip())
        script.exports.append(
            Export(match[1], _restore(match[2]), number, column, len(line.strip()), to_later_steps)
        )


def _commands(line: str) -> list[tuple[list[str], int, int, int, int]]:
    """The simple commands of one logical line: each one's words, where it starts and ends in
    the line, and how many subshells `(` open before it and `)` close after it."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:  # an unclosed quote: read the words as they stand
        tokens = line.split()
    found: list[tuple[list[str], int, int, int, int]] = []
    current: list[str] = []
    search = offset = opens = 0
    for token in tokens:
        if token in _SEPARATORS or set(token) <= set(";&|()"):
            separator = line.find(token, search)
            end = separator if separator >= 0 else len(line)
            search = max(search, end + len(token))
            if current:
                found.append((current, offset, len(line[:end].rstrip()), opens, token.count(")")))
                opens = 0
            elif token.count(")") and found:
                words, at, until, before, after = found[-1]
                found[-1] = (words, at, until, before, after + token.count(")"))
            opens += token.count("(")
            current = []
            continue
        # past the whole word where the line holds it as read, so that a separator inside
        # it (`--features "a|b"`) is not taken for the one after it
        position = line.find(token, search)
        length = len(token)
        if position < 0:
            needle = token.split()[0] if token.split() else token
            position, length = line.find(needle, search), len(needle)
        if position >= 0:
            search = position + length
        if not current:
            offset = max(position, 0)
        if not current and (token in _CONTROL or token in _WRAPPERS):
            continue
        current.append(token)
    if current:
        found.append((current, offset, len(line.rstrip()), opens, 0))
    return found


def _split_assignments(words: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Leading `NAME=value` words (and `env NAME=value`) apart from the command."""
    assignments: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        word = words[index]
        name, equals, value = word.partition("=")
        if equals and _NAME.match(name):
            assignments.append((name, value))
        elif word == "env" or word in _WRAPPERS:
            pass
        else:
            break
        index += 1
    return assignments, words[index:]


def literal(value: str) -> bool:
    """Whether a shell word is known without running anything."""
    return "$" not in value and "`" not in value
