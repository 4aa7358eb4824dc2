"""`buildlint profile [NAME] [PATH]`: the effective settings of one profile, and their origins.

Answers "why is my dev build slow, which setting wins?": for workspace crates, dependencies,
and build scripts with proc-macros, every setting with the file and line that decided it, or
the Cargo rule that did.
"""

from __future__ import annotations

from .cargo.environment import RUSTFLAGS_VARIABLES
from .ci.describe import command
from .ci.layer import config_rustflags, effective_rustflags, linker
from .ci.model import CargoRun
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


def render_profile(project: Project, name: str, run: CargoRun | None = None) -> str:
    """The profile's settings as the files give them, or as the CI command `run` builds it
    (its environment over the files), with its rustflags."""
    profiles = project.profiles_for(run) if run is not None else project.profiles
    chain = profiles.chain(name)
    lines = [f"profile `{name}` of {project.manifest.display}"]
    if run is not None:
        lines += _ci_heading(project, run)
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


def _ci_heading(project: Project, run: CargoRun) -> list[str]:
    """Which CI command, where it runs, and the rustflags it builds with (with their origin)."""
    flags = effective_rustflags(project.configs, run)
    lines = [
        f"as {command(run)} builds it in job `{run.step.job}` ({run.source})",
        f"runner: `{run.runner or 'unknown'}`, toolchain: `{run.toolchain.spec or 'unknown'}` "
        f"({run.toolchain_reason})",
    ]
    if flags.unknown:
        lines.append("rustflags: decided by an expression, unknown")
    elif not flags.sources:
        lines.append("rustflags: none")
    else:
        lines.append(f"rustflags = `{' '.join(flags.flags)}`")
        lines += [f"  from {source}" for source in flags.sources]
    if flags.kind in RUSTFLAGS_VARIABLES:
        ignored = config_rustflags(project.configs, run.target or run.runner, run.env)
        lines += [
            f"  ignored: `{' '.join(source.flags)}` from {source}" for source in ignored.sources
        ]
    triple = run.target or run.runner
    chosen = linker(project.configs, triple, run.env) if triple else None
    if chosen is not None:
        lines.append(f"linker = `{chosen[0]}`")
        lines.append(f"  from {chosen[1]}")
    return lines
