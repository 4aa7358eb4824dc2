"""The subcommands, one module each. `buildlint [PATH ...]` without a subcommand is `check`.

Each command module has `run(argv) -> int` and decides its own exit code with the codes below:
0 nothing at or above the failing severity, 1 findings, 2 usage errors, unreadable input and
internal errors.
"""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("rule", "rules", "profile", "measure")
