"""The CI model the rules read, the same for every CI system: pipelines of jobs, each job's
steps, the cargo commands they run with their effective environment, the tools they compile,
the caches they keep and the toolchains they install. `github.py` builds it from GitHub
Actions workflows; another CI (GitLab's `.gitlab-ci.yml`) would build the same model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostic import At, KeyPath, Part, Span
from ..toolchain import Toolchain
from .yaml_source import YamlDocument, YamlProblem

# Cargo commands that compile the project, and the profile each uses by default.
COMPILING = {
    "build": "dev",
    "b": "dev",
    "check": "dev",
    "c": "dev",
    "clippy": "dev",
    "run": "dev",
    "r": "dev",
    "rustc": "dev",
    "doc": "dev",
    "d": "dev",
    "fix": "dev",
    "hack": "dev",
    "test": "test",
    "t": "test",
    "nextest": "test",
    "llvm-cov": "test",
    "tarpaulin": "test",
    "bench": "bench",
    "zigbuild": "dev",
    "install": "release",  # with `--path`: the project itself
}
LLVM_COV_NOT_COMPILING = frozenset({"clean", "report", "show-env"})
# Those whose artifacts a later `cargo test` can reuse (check and clippy produce metadata only).
CODEGEN = frozenset(
    {
        "build",
        "b",
        "run",
        "r",
        "rustc",
        "test",
        "t",
        "nextest",
        "llvm-cov",
        "tarpaulin",
        "bench",
        "zigbuild",
        "install",
    }
)
TESTING = frozenset({"test", "t", "nextest", "llvm-cov", "tarpaulin"})


@dataclass(frozen=True)
class Source:
    """Where a CI value is written: a key of a YAML file, or a span inside a script."""

    document: YamlDocument
    key: KeyPath
    span: Span | None = None
    where: str = ""  # "workflow `env`", "step `Build`", ...

    @property
    def line(self) -> int:
        return (self.span or self.document.locate(self.key)).line

    def at(self, part: Part = "value") -> At:
        """Where a finding about this value points."""
        return At(self.document.path, self.key, part, self.span)

    def __str__(self) -> str:
        return f"{self.document.display}:{self.line}" + (f", {self.where}" if self.where else "")


@dataclass(frozen=True)
class EnvValue:
    """A variable of a step's environment; `value` None when an expression decides it."""

    name: str
    value: str | None
    source: Source
    exported_by: str | None = None  # the action or step that exported it, if not written here
    written: str = ""  # the value with the `$VAR`s buildlint knows expanded, expressions kept
    raw: str = ""  # as written in the file

    @property
    def own_words(self) -> list[str]:
        """The words written here, not brought in by expanding another variable."""
        return [word for word in self.raw.split() if "$" not in word and "{{" not in word]

    @property
    def literal_words(self) -> list[str]:
        """The words of the value that are known, when expressions decide the rest."""
        return [word for word in self.written.split() if "$" not in word and "{{" not in word]


Environment = Mapping[str, EnvValue]


@dataclass(frozen=True)
class ToolchainChoice:
    """A toolchain a job installs or selects: `mode` is how rustup is told to use it."""

    spec: str | None  # None when an expression decides it
    # "default" (`rustup default`, an action), "override" (an action's `rustup override`),
    # "explicit override" (`rustup override set` written in a script), "install"
    mode: str
    source: Source | None


@dataclass(frozen=True, eq=False)  # one object per occurrence: identity
class Step:
    job: str  # the job's label
    label: str
    key: KeyPath
    document: YamlDocument
    uses: str | None
    env: Environment  # what the step runs with (its own `env` included)

    @property
    def source(self) -> Source:
        return Source(self.document, self.key, None, f"step `{self.label}`")


@dataclass(frozen=True, eq=False)  # one object per occurrence: identity
class CargoRun:
    """One cargo command a step runs, with the environment it runs in."""

    step: Step
    words: tuple[str, ...]  # from `cargo`/`cross` on, `+toolchain` removed
    subcommand: str | None
    env: Environment
    source: Source
    toolchain: Toolchain
    toolchain_reason: str  # how rustup chose it, for messages
    directory: str | None  # relative to the repository root; None: unknown
    runner: str | None  # the host triple; None: unknown
    alias: str | None = None  # the `[alias]` the script names, when `words` is its expansion
    # where the job checked the repository out, in the runner's workspace ("" its root);
    # None: unknown
    checkout: str | None = ""
    # a script of the job wrote a Cargo config file before it: the files do not say what it
    # builds with
    config_edited: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def compiles(self) -> bool:
        if self.subcommand == "llvm-cov":
            # its own subcommands that only clean, report or print what the others gathered
            after = self.words[self.words.index("llvm-cov") + 1 :]
            return not (after and after[0] in LLVM_COV_NOT_COMPILING)
        return self.subcommand in COMPILING

    @property
    def options(self) -> tuple[str, ...]:
        """The words Cargo reads itself: those after `--` go to the program or test binary."""
        return self.words[: self.words.index("--")] if "--" in self.words else self.words

    @property
    def profile(self) -> str:
        words = self.options
        # nextest's `--profile` (`-P`) names a nextest profile: Cargo's is `--cargo-profile`
        nextest = self.subcommand == "nextest" or (
            self.subcommand == "llvm-cov" and "nextest" in words
        )
        options = ("--cargo-profile",) if nextest else ("--profile", "--cargo-profile")
        for index, word in enumerate(words):
            if word in ("--release", "-r"):
                return "release" if self.subcommand not in ("bench",) else "bench"
            if word in options and index + 1 < len(words):
                return words[index + 1]
            if word.startswith(tuple(f"{option}=" for option in options)):
                return word.split("=", 1)[1]
        return COMPILING.get(self.subcommand or "", "dev")

    @property
    def target(self) -> str | None:
        """The `--target` triple when literal (rustflags then skip build scripts)."""
        words = self.options
        for index, word in enumerate(words):
            if word == "--target" and index + 1 < len(words):
                return words[index + 1]
            if word.startswith("--target="):
                return word.split("=", 1)[1]
        value = self.env.get("CARGO_BUILD_TARGET")
        return value.value if value else None


@dataclass(frozen=True, eq=False)  # one object per occurrence: identity
class Install:
    """`cargo install <crate>` in a script: a tool compiled on every run."""

    step: Step
    crates: tuple[str, ...]
    source: Source
    text: str
    root: str | None = None  # `--root`, where the tool is installed
    version: str | None = None  # `--version`, as written
    git: bool = False  # from a git repository (`--git`): no release has a prebuilt binary
    chooses_features: bool = False  # `--features` and the like: a prebuilt binary has the defaults


@dataclass(frozen=True, eq=False)  # one object per occurrence: identity
class Job:
    pipeline: Pipeline
    id: str
    label: str
    key: KeyPath
    runners: tuple[str | None, ...]  # host triples, None where unknown
    steps: tuple[Step, ...] = ()
    runs: tuple[CargoRun, ...] = ()
    installs: tuple[Install, ...] = ()
    caches: tuple[Source, ...] = ()
    toolchains: tuple[ToolchainChoice, ...] = ()
    caches_tools: bool = False  # `~/.cargo/bin` is restored: installed tools survive
    cache_paths: tuple[str, ...] = ()  # what `actions/cache` steps restore, as written
    self_hosted: bool = False  # every runner has the `self-hosted` label: its disk may stay
    # `actions/checkout` checks the repository out with `git clean -ffdx` first (its `clean:
    # true` default): a `target/` inside it is gone at the start of every run, even on a
    # runner that keeps its disk.
    cleans_checkout: bool = False

    @property
    def source(self) -> Source:
        return Source(self.pipeline.document, self.key, None, f"job `{self.label}`")


@dataclass(frozen=True, eq=False)  # one object per occurrence: identity
class Pipeline:
    document: YamlDocument
    name: str
    releases: bool  # a release or publish pipeline: caches there are a poisoning risk
    jobs: list[Job] = field(default_factory=list)


@dataclass(frozen=True)
class CiSetup:
    """Every CI file of one repository."""

    root: Path
    documents: list[YamlDocument] = field(default_factory=list)
    problems: list[YamlProblem] = field(default_factory=list)
    pipelines: list[Pipeline] = field(default_factory=list)

    @property
    def jobs(self) -> list[Job]:
        return [job for pipeline in self.pipelines for job in pipeline.jobs]


@dataclass(frozen=True)
class EnvProblem:
    """A `CARGO_PROFILE_*` value Cargo refuses: the variable and what it expects."""

    variable: EnvValue
    expected: str


@dataclass(frozen=True)
class CiView:
    """What of a repository's CI builds one workspace: its jobs and their cargo commands."""

    setup: CiSetup
    jobs: tuple[Job, ...] = ()
    runs: tuple[CargoRun, ...] = ()
    env_problems: tuple[EnvProblem, ...] = ()
    # the commands that build any workspace of the repository: a finding about a value several
    # workspaces' commands share names all their jobs, so each workspace reports it alike
    repository_runs: tuple[CargoRun, ...] = ()

    @property
    def variables(self) -> list[EnvValue]:
        """Every variable definition the workspace's cargo commands see, once each."""
        seen: dict[tuple[object, ...], EnvValue] = {}
        for run in self.runs:
            for value in run.env.values():
                key = (value.name, value.source.document.path, value.source.key, value.source.span)
                seen.setdefault(key, value)
        return list(seen.values())
