"""`buildlint profile [NAME] [PATH]`: a profile's effective settings and their origins."""

from __future__ import annotations

import sys

from . import EXIT_CLEAN, EXIT_ERROR


def run(argv: list[str]) -> int:
    import argparse

    from ..discover import UsageError, discover
    from ..explain_profile import render_profile
    from ..lint import build_project

    parser = argparse.ArgumentParser(
        prog="buildlint profile",
        description="Show a profile's effective settings and where each comes from.",
    )
    parser.add_argument("name", nargs="?", default="dev", help="the profile (default: dev)")
    parser.add_argument("path", nargs="?", default=".", help="a Cargo.toml or directory")
    args = parser.parse_args(argv)
    try:
        workspaces = discover([args.path])
        if not workspaces:
            raise UsageError(f"no Cargo.toml found in {args.path}")
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    for workspace in workspaces:
        project = build_project(workspace)
        if not project.profiles.is_defined(args.name):
            print(
                f"error: profile `{args.name}` is not defined in {project.manifest.display}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        print(render_profile(project, args.name))
    return EXIT_CLEAN
