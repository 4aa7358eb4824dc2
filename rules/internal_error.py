"""buildlint itself failed on this workspace: a bug in buildlint, not in the project.

## What it does
Reports an unexpected exception raised while buildlint read, checked or fixed one workspace
(in one rule, or in the steps every rule relies on), on that workspace's root manifest, with
the exception's type and message. The other rules' findings on the workspace still appear,
and every other workspace of the run is linted as usual; the run then exits with status 2.

## Why is this bad?
It is buildlint's fault, never the project's: a finding that should have been reported may be
missing. Please report it with the file that caused it; `--debug` shows the traceback.

## Example
Any project can meet a bug in buildlint; there is no setting that causes this on purpose.

## Use instead
Run `buildlint --debug PATH` to see the traceback and report it. Until it is fixed,
`--ignore` the rule named in the message to lint the rest of the workspace without it.

## Trade-offs
None: an internal error cannot be silenced with an allow comment, since it says nothing about
the project's settings.

## References
- [The Cargo book: Profiles](https://doc.rust-lang.org/cargo/reference/profiles.html)
"""

from __future__ import annotations

from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.rule import Rule

RULE = Rule(
    code="BL000",
    name="internal-error",
    summary="buildlint failed on this workspace (a bug in buildlint: please report it)",
    default_severity=Severity.ERROR,
    check=None,  # the engine and the command line report it where they catch an exception
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
)
