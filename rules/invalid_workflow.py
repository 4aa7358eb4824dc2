"""A CI workflow or composite action that is not valid YAML.

## What it does
Reports a file under `.github/workflows/` (or a local composite action a workflow uses) that
cannot be read: a YAML syntax error, a duplicate key, a file that is not UTF-8.

## Why is this bad?
GitHub refuses the workflow, so none of its jobs runs, and buildlint cannot check what the jobs
build with. Duplicate keys are refused by GitHub although many YAML readers accept them
silently (the later one would win).

## Example
```yaml
env:
  RUSTFLAGS: -Dwarnings
  RUSTFLAGS: --cfg tokio_unstable
```

## Use instead
```yaml
env:
  RUSTFLAGS: --cfg tokio_unstable
```

## Trade-offs
None: the file is broken for GitHub too. buildlint checks the other workflows.

## References
- [GitHub Docs: Workflow syntax for GitHub Actions](https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions)
- [The Cargo book: Continuous Integration](https://doc.rust-lang.org/cargo/guide/continuous-integration.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for problem in project.ci_problems:
        yield Violation(
            at=At(problem.path, span=problem.span),
            message=problem.message,
            help="GitHub cannot run this file until it is fixed",
        )


RULE = Rule(
    code="BL600",
    name="invalid-workflow",
    summary="a CI workflow or composite action is not valid YAML",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/continuous-integration.html",
)
