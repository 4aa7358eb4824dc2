"""`buildlint profile [NAME] [PATH]`: the effective settings of one profile, and their origins.

Answers "why is my dev build slow, which setting wins?": for workspace crates, dependencies,
and build scripts with proc-macros, every setting with the file and line that decided it, or
the Cargo rule that did.
"""

from __future__ import annotations

from .project import Project
from .resolve import UnitKind
from .toml_text import toml_repr

SECTIONS: tuple[tuple[UnitKind, str], ...] = (
    (UnitKind.MEMBER, "workspace crates"),
    (UnitKind.DEPENDENCY, "dependencies"),
    (UnitKind.HOST_DEPENDENCY, "build scripts, proc-macros and their dependencies"),
)
ORDER = (
    "opt-level",
    "debug",
    "split-debuginfo",
    "strip",
    "debug-assertions",
    "overflow-checks",
    "lto",
    "panic",
    "incremental",
    "codegen-units",
    "rpath",
    "codegen-backend",
    "rustflags",
    "trim-paths",
    "hint-mostly-unused",
)


def render_profile(project: Project, name: str) -> str:
    profiles = project.profiles
    chain = profiles.chain(name)
    lines = [f"profile `{name}` of {project.manifest.display}"]
    if len(chain) > 1:
        lines.append("inherits: " + " -> ".join(f"`{p}`" for p in chain[1:]))
    for unit, label in SECTIONS:
        settings = profiles.resolve(name, unit)
        lines += ["", f"[{label}]"]
        keys = [k for k in ORDER if k in settings] + sorted(set(settings) - set(ORDER))
        width = max(len(f"{k} = {toml_repr(settings[k].value)}") for k in keys)
        for key in keys:
            assignment = f"{key} = {toml_repr(settings[key].value)}"
            lines.append(f"{assignment:<{width}}  # {settings[key].origin}")
    return "\n".join(lines) + "\n"
