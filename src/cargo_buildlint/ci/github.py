"""GitHub Actions workflows to the CI model.

A step's environment is built in GitHub's order: workflow `env`, job `env`, what earlier steps
exported (`>> $GITHUB_ENV`, and what known actions export), the step's `env`, then a command's
inline `VAR=value` prefixes. Local composite actions (`uses: ./path`) are read in place of the
step that uses them. The runner's host triple comes from `runs-on`, with literal matrix values
expanded; whatever an expression decides is unknown, never guessed.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..cargo.aliases import ENVIRONMENT_PREFIX, Aliases, expand_alias
from ..diagnostic import KeyPath
from ..toolchain import Toolchain
from .actions import (
    CARGO_CACHE_PATHS,
    SETUP_RUST_TOOLCHAIN,
    facts_for,
    is_generic_cache,
    parse_uses,
)
from .find import workflow_paths
from .model import (
    CargoRun,
    CiSetup,
    EnvValue,
    Install,
    Job,
    Pipeline,
    Source,
    Step,
    ToolchainChoice,
)
from .shell import Command, read_script
from .yaml_source import Mapping, Node, Scalar, Sequence, YamlDocument, YamlProblem, read_yaml

ACTION_NAMES = ("action.yml", "action.yaml")
MAX_ACTION_DEPTH = 8
# A release or publish pipeline, by its name (not one that only checks a release) ...
_RELEASE = re.compile(
    r"(?<![a-z])(releas(e|es|ed|ing)|publish(es|ed|ing)?|deploy(s|ed|ing|ments?)?|cd)(?![a-z])",
    re.IGNORECASE,
)
_CHECKING = re.compile(r"check|test|lint|verify|validate", re.IGNORECASE)
_EXPRESSION = "${{"
_MATRIX = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z0-9_.-]+)\s*\}\}$")
_MATRIX_REFERENCE = re.compile(r"\$\{\{\s*matrix\.([A-Za-z0-9_.-]+)\s*\}\}")
# global options of cargo that take a value (before the subcommand)
_CARGO_VALUE_OPTIONS = frozenset({"-Z", "--config", "-C", "--color", "--explain"})
_INSTALL_VALUE_OPTIONS = frozenset(
    {
        "--version",
        "--vers",
        "--root",
        "--features",
        "-F",
        "--target",
        "--profile",
        "--rev",
        "--branch",
        "--tag",
        "-j",
        "--jobs",
        "--index",
        "--registry",
        "--target-dir",
        "--path",
        "--git",
        "--bin",
        "--example",
        "--config",
        "-Z",
        "--color",
    }
)


def load_github(
    root: Path, toolchain_file: Toolchain | None, aliases: Aliases | None = None
) -> CiSetup:
    """Every workflow of the repository at `root`, read into the model; `aliases`: the
    project's `[alias]` commands, expanded where a script runs one, with the `CARGO_ALIAS_*`
    variables of its step above them."""
    setup = CiSetup(root)
    actions: dict[Path, YamlDocument | None] = {}
    for path in workflow_paths(root):
        loaded = read_yaml(path)
        if isinstance(loaded, YamlProblem):
            setup.problems.append(loaded)
            continue
        workflow = loaded.root
        if not isinstance(workflow, Mapping) or not isinstance(workflow.get("jobs"), Mapping):
            continue  # not a workflow (a file of data that workflows read)
        setup.documents.append(loaded)
        reader = _Reader(root, loaded, toolchain_file, actions, setup, aliases or Aliases())
        setup.pipelines.append(reader.pipeline(workflow))
    setup.documents.extend(doc for doc in actions.values() if doc is not None)
    return setup


def _literal(text: str | None) -> str | None:
    return text if text is not None and _EXPRESSION not in text else None


def _env_values(
    document: YamlDocument, node: Node | None, key: KeyPath, where: str
) -> dict[str, EnvValue]:
    if not isinstance(node, Mapping):
        return {}
    found = {}
    for name, value in node.items:
        text = value.text if isinstance(value, Scalar) else None
        source = Source(document, (*key, name.text), None, where)
        found[name.text] = EnvValue(
            name.text, _literal(text), source, written=text or "", raw=text or ""
        )
    return found


@dataclass
class _JobState:
    """What a job's steps have done so far."""

    label: str
    env: dict[str, EnvValue]
    exported: dict[str, EnvValue] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    runs: list[CargoRun] = field(default_factory=list)
    installs: list[Install] = field(default_factory=list)
    caches: list[Source] = field(default_factory=list)
    toolchains: list[ToolchainChoice] = field(default_factory=list)
    directory: str | None = ""
    caches_tools: bool = False
    cache_paths: list[str] = field(default_factory=list)
    # what `actions/checkout` put where: (path below the workspace, None when unknown;
    # whether it is this repository)
    checkouts: list[tuple[str | None, bool]] = field(default_factory=list)
    cleans_checkout: bool = False
    config_edited: bool = False  # a script wrote a Cargo config file
    matrix: Node | None = None  # `strategy.matrix`, whose literal values expand directories
    # when `runs-on` is `${{ matrix.x }}`: `x`, and the labels of its values by host triple
    runs_on_matrix: str | None = None
    labels: dict[str | None, set[str]] = field(default_factory=dict)


class _Reader:
    def __init__(
        self,
        root: Path,
        document: YamlDocument,
        toolchain_file: Toolchain | None,
        actions: dict[Path, YamlDocument | None],
        setup: CiSetup,
        aliases: Aliases,
    ) -> None:
        self.root = root
        self.document = document
        self.toolchain_file = toolchain_file
        self.actions = actions
        self.setup = setup
        self.aliases = aliases

    def pipeline(self, workflow: Mapping) -> Pipeline:
        name = workflow.text("name") or self.document.path.stem
        names = f"{self.document.path.stem} {name}"
        releases = _released_by(workflow.get("on")) or bool(
            _RELEASE.search(names) and not _CHECKING.search(names)
        )
        pipeline = Pipeline(self.document, name, releases)
        env = _env_values(self.document, workflow.get("env"), ("env",), "workflow `env`")
        directory = _default_directory(workflow) or ""
        jobs = workflow.get("jobs")
        assert isinstance(jobs, Mapping)
        for job_key, job_node in jobs.items:
            if not isinstance(job_node, Mapping) or job_node.get("steps") is None:
                continue  # a call of a reusable workflow, or not a job
            pipeline.jobs.append(self.job(pipeline, job_key.text, job_node, env, directory))
        return pipeline

    def job(
        self,
        pipeline: Pipeline,
        job_id: str,
        node: Mapping,
        workflow_env: dict[str, EnvValue],
        directory: str | None,
    ) -> Job:
        key: KeyPath = ("jobs", job_id)
        label = _literal(node.text("name")) or job_id
        env = dict(workflow_env)
        env.update(_env_values(self.document, node.get("env"), (*key, "env"), f"job `{label}`"))
        state = _JobState(label, env)
        strategy = node.mapping("strategy")
        state.matrix = strategy.get("matrix") if strategy else None
        runs_on = _MATRIX.match(node.text("runs-on") or "")
        if runs_on:
            state.runs_on_matrix = runs_on[1]
            for value in _matrix_values(state.matrix, runs_on[1]) or ():
                state.labels.setdefault(_triple([value]), set()).add(value.lower())
        job_directory = _default_directory(node)
        state.directory = job_directory if job_directory is not None else directory
        runners = tuple(_runners(node))
        steps = node.sequence("steps")
        for index, step in enumerate(steps.items if steps else ()):
            if isinstance(step, Mapping):
                self.step(state, self.document, (*key, "steps", index), step, runners, 0)
        return Job(
            pipeline,
            job_id,
            label,
            key,
            runners,
            tuple(state.steps),
            tuple(state.runs),
            tuple(state.installs),
            tuple(state.caches),
            tuple(state.toolchains),
            state.caches_tools,
            tuple(state.cache_paths),
            _self_hosted(node),
            state.cleans_checkout,
        )

    def step(
        self,
        state: _JobState,
        document: YamlDocument,
        key: KeyPath,
        node: Mapping,
        runners: tuple[str | None, ...],
        depth: int,
    ) -> None:
        runners = tuple(
            runner for runner in runners if _may_run(node.text("if"), runner, state) is not False
        )
        if not runners:
            return  # its condition holds on none of the job's runners
        uses_text = node.text("uses")
        run = node.get("run")
        label = _literal(node.text("name")) or uses_text or _first_line(run) or f"#{key[-1]}"
        where = f"step `{label}`"
        env = dict(state.env)
        env.update(state.exported)
        env.update(_env_values(document, node.get("env"), (*key, "env"), where))
        step = Step(state.label, label, key, document, uses_text, env)
        state.steps.append(step)
        if uses_text is not None:
            self.action(state, step, node, env, runners, depth)
        elif isinstance(run, Scalar):
            directory = node.text("working-directory")
            if directory is None:
                directory = state.directory
            self.script(state, step, run, env, runners, directory)

    def action(
        self,
        state: _JobState,
        step: Step,
        node: Mapping,
        env: dict[str, EnvValue],
        runners: tuple[str | None, ...],
        depth: int,
    ) -> None:
        uses = parse_uses(step.uses or "")
        inputs = node.mapping("with")
        if uses.local:
            self.composite(state, step, uses.name, runners, depth)
            return
        facts = facts_for(uses)
        if uses.name == "actions/checkout":
            self.checkout(state, inputs)
            return
        if is_generic_cache(uses):
            path = inputs.text("path") if inputs else None
            state.cache_paths.append(path or "")
            if path and any(part in path for part in CARGO_CACHE_PATHS):
                state.caches.append(step.source)
                lines = [line.strip().rstrip("/") for line in path.splitlines()]
                state.caches_tools |= any(line.endswith((".cargo/bin", ".cargo")) for line in lines)
            return
        if facts is None:
            return

        def given(name: str | None) -> Scalar | None:
            value = inputs.get(name) if inputs and name else None
            return value if isinstance(value, Scalar) else None

        if facts.caches:
            turned_off = given(facts.cache_input)
            if turned_off is None or turned_off.text.strip().lower() != "false":
                state.caches.append(step.source)
                bin_cache = given("cache-bin")
                state.caches_tools |= facts.caches_tools and (
                    bin_cache is None or bin_cache.text.strip() != "false"
                )
        for export in facts.exports:
            if export.only_if_unset and export.name in env:
                continue
            value = export.value
            replaced = given(export.input)
            if replaced is not None:
                if _EXPRESSION in replaced.text or replaced.text == "":
                    continue
                value = replaced.text
            source = Source(step.document, (*step.key, "uses"), None, f"set by `{uses.name}`")
            state.exported[export.name] = EnvValue(
                export.name, value, source, uses.name, value, value
            )
        if facts.toolchain_mode:
            spec_node = given(facts.toolchain_input)
            spec: str | None = None
            at: KeyPath = (*step.key, "uses")
            if spec_node is not None:
                spec = _literal(spec_node.text)
                at = (*step.key, "with", facts.toolchain_input or "")
            elif facts.toolchain_from_ref and uses.ref and _toolchain_like(uses.ref):
                spec = uses.ref
            elif uses.name == SETUP_RUST_TOOLCHAIN:
                spec = None if self.toolchain_file else "stable"
            else:
                spec = "stable" if not facts.toolchain_from_ref else None
            if spec_node is None and uses.name == SETUP_RUST_TOOLCHAIN and self.toolchain_file:
                return  # it installs what the toolchain file says
            mode = facts.toolchain_mode
            if uses.name == SETUP_RUST_TOOLCHAIN and given("override") is not None:
                override = given("override")
                if override is not None and override.text.strip().lower() == "false":
                    mode = "default"
            source = Source(step.document, at, None, f"step `{step.label}`")
            state.toolchains.append(ToolchainChoice(spec, mode, source))
        if facts.runs_cargo:
            command = given("command")
            args = given("args")
            cross = given("use-cross")
            words = [
                "cross" if cross is not None and cross.text == "true" else "cargo",
                *(command.text.split() if command else ["clippy"]),
                *(args.text.split() if args else []),
            ]
            source = Source(step.document, (*step.key, "uses"), None, f"step `{step.label}`")
            # `defaults.run.working-directory` applies to `run` steps only: an action starts
            # in the workspace
            self.cargo(state, step, words, env, source, runners, ("",))

    def composite(
        self,
        state: _JobState,
        step: Step,
        relative: str,
        runners: tuple[str | None, ...],
        depth: int,
    ) -> None:
        if depth >= MAX_ACTION_DEPTH or _EXPRESSION in relative:
            return
        directory = Path(os.path.normpath(self.root / relative))
        if self.root not in (directory, *directory.parents):
            return
        document = self._action_document(directory)
        if document is None or not isinstance(document.root, Mapping):
            return
        runs = document.root.mapping("runs")
        steps = runs.sequence("steps") if runs else None
        if steps is None or (runs and runs.text("using") != "composite"):
            return
        for index, item in enumerate(steps.items):
            if isinstance(item, Mapping):
                self.step(state, document, ("runs", "steps", index), item, runners, depth + 1)

    def _action_document(self, directory: Path) -> YamlDocument | None:
        for name in ACTION_NAMES:
            path = directory / name
            if path in self.actions:
                return self.actions[path]
            if path.is_file():
                loaded = read_yaml(path)
                if isinstance(loaded, YamlProblem):
                    self.setup.problems.append(loaded)
                    self.actions[path] = None
                    return None
                self.actions[path] = loaded
                return loaded
        return None

    def script(
        self,
        state: _JobState,
        step: Step,
        run: Scalar,
        env: dict[str, EnvValue],
        runners: tuple[str | None, ...],
        directory: str | None,
    ) -> None:
        script = read_script(run.text)
        local = dict(env)
        run_key = (*step.key, "run")
        exports = iter(sorted(script.exports, key=lambda e: e.line))
        pending = next(exports, None)
        for command in script.commands:
            while pending is not None and pending.line <= command.line:
                self._export(state, step, run, pending, local)
                pending = next(exports, None)
            if any(write < (command.line, command.column) for write in script.config_writes):
                state.config_edited = True
            span = run.position(command.line, command.column, command.length)
            source = Source(step.document, run_key, span, f"step `{step.label}`")
            command_env = dict(local)
            for name, value in command.assignments:
                known, written = _expand(value, local)
                command_env[name] = EnvValue(name, known, source, None, written, value)
            self._toolchain_command(state, command, source)
            self.cargo(
                state,
                step,
                list(command.words),
                command_env,
                source,
                runners,
                (directory, command.directory),
            )
        while pending is not None:
            self._export(state, step, run, pending, local)
            pending = next(exports, None)
        state.config_edited = state.config_edited or bool(script.config_writes)

    def _export(
        self, state: _JobState, step: Step, run: Scalar, export: object, local: dict[str, EnvValue]
    ) -> None:
        from .shell import Export

        assert isinstance(export, Export)
        span = run.position(export.line, export.column, export.length)
        where = ("`$GITHUB_ENV` in " if export.to_later_steps else "`export` in ") + (
            f"step `{step.label}`"
        )
        source = Source(step.document, (*step.key, "run"), span, where)
        known, written = _expand(export.value, local)
        value = EnvValue(export.name, known, source, written=written, raw=export.value)
        local[export.name] = value
        if export.to_later_steps:
            state.exported[export.name] = value

    def _toolchain_command(self, state: _JobState, command: Command, source: Source) -> None:
        words = command.words
        if not words or PurePosixPath(words[0]).name != "rustup" or len(words) < 3:
            return
        action = words[1]
        rest = [w for w in words[2:] if not w.startswith("-")]
        if action == "default" and rest:
            state.toolchains.append(ToolchainChoice(_shell_literal(rest[0]), "default", source))
        elif action == "override" and len(rest) >= 2 and rest[0] == "set":
            # written out in the job: as deliberate as `+toolchain`
            choice = ToolchainChoice(_shell_literal(rest[1]), "explicit override", source)
            state.toolchains.append(choice)
        elif action in ("install", "update") or (action == "toolchain" and rest[:1] == ["install"]):
            names = rest[1:] if action == "toolchain" else rest
            for name in names:
                state.toolchains.append(ToolchainChoice(_shell_literal(name), "install", source))

    def checkout(self, state: _JobState, inputs: Mapping | None) -> None:
        """Where `actions/checkout` puts which repository, and whether it cleans it first."""
        repository = inputs.text("repository") if inputs else None
        own = repository is None or "".join(repository.split()) == "${{github.repository}}"
        path = _join((inputs.text("path") if inputs else None) or ".")
        state.checkouts.append((path, own))
        # an expression may say either: only the default and a literal `true` clean
        clean = inputs.get("clean") if inputs else None
        literal = clean.text.strip().lower() if isinstance(clean, Scalar) else None
        if own and path is not None and (clean is None or literal == "true"):
            state.cleans_checkout = True

    def cargo(
        self,
        state: _JobState,
        step: Step,
        words: list[str],
        env: dict[str, EnvValue],
        source: Source,
        runners: tuple[str | None, ...],
        directory: tuple[str | None, ...],
    ) -> None:
        """`directory`: where the command runs, as parts written relative to one another."""
        words = _program_named(words, env)
        if not words or PurePosixPath(_program(words[0], env)).name.removesuffix(".exe") not in (
            "cargo",
            "cross",
        ):
            return
        plus = words[1][1:] if len(words) > 1 and words[1].startswith("+") else None
        words = [words[0], *words[2:]] if plus is not None else words
        index = _subcommand_index(words)
        alias = words[index] if index is not None else None
        variables = {n: v.value for n, v in env.items() if n.startswith(ENVIRONMENT_PREFIX)}
        expansion = expand_alias(alias, self.aliases, variables) if alias is not None else None
        if index is not None and expansion is not None:
            words = [*words[:index], *expansion, *words[index + 1 :]]
        else:
            alias = None
        index = _subcommand_index(words)
        subcommand = words[index] if index is not None else None
        if subcommand == "install":
            crates = _install_crates(words)
            if crates:
                root = _option_value(words, "--root")
                text = " ".join(words)
                version = _option_value(words, "--version") or _option_value(words, "--vers")
                options = _cargo_options(words)
                git = any(word == "--git" or word.startswith("--git=") for word in options)
                features = any(
                    word in ("--no-default-features", "--all-features")
                    or word.startswith(("--features", "-F"))
                    for word in options
                )
                state.installs.append(
                    Install(step, tuple(crates), source, text, root, version, git, features)
                )
            if crates or not any(w == "--path" or w.startswith("--path=") for w in words):
                return
            # `cargo install --path .` builds the project itself, in `release`
        toolchain, reason = self._toolchain(state, plus, env)
        manifest_dir = (
            _manifest_dir(words) if subcommand != "install" else _option_value(words, "--path")
        )
        parts = (*directory, manifest_dir) if manifest_dir is not None else directory
        for joined in _directories(parts, state.matrix):
            where, checkout = _in_repository(state.checkouts, joined)
            for runner in runners:
                state.runs.append(
                    CargoRun(
                        step,
                        tuple(words),
                        subcommand,
                        env,
                        source,
                        toolchain,
                        reason,
                        where,
                        runner,
                        alias,
                        checkout,
                        state.config_edited,
                    )
                )

    def _toolchain(
        self, state: _JobState, plus: str | None, env: dict[str, EnvValue]
    ) -> tuple[Toolchain, str]:
        """The toolchain rustup runs: `+x`, `RUSTUP_TOOLCHAIN`, an override, the toolchain
        file, the default, in that order (rustup's own; checked with rustup 1.29)."""
        if plus is not None:
            return _toolchain(plus), f"`+{plus}`"
        variable = env.get("RUSTUP_TOOLCHAIN")
        if variable is not None:
            return _toolchain(variable.value), "`RUSTUP_TOOLCHAIN`"
        overrides = [c for c in state.toolchains if c.mode.endswith("override")]
        if overrides:
            return _toolchain(overrides[-1].spec), "a `rustup override`"
        if self.toolchain_file is not None:
            return self.toolchain_file, "the toolchain file"
        defaults = [c for c in state.toolchains if c.mode == "default"]
        if defaults:
            return _toolchain(defaults[-1].spec), "`rustup default`"
        return Toolchain.from_spec("stable"), "the runner's default"


_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _expand(text: str, env: dict[str, EnvValue]) -> tuple[str | None, str]:
    """A shell value with `$NAME` and `${NAME}` replaced from the environment so far: the value
    (None when something is unknown) and the text with what could be replaced. An unset Cargo
    or Rust variable expands to nothing, as in the shell; others (`$HOME`) stay unknown."""
    unknown = "$(" in text or "`" in text or _EXPRESSION in text

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match[1] or match[2]
        found = env.get(name)
        if found is not None and found.value is not None:
            return found.value
        if found is None and name.startswith(("CARGO", "RUST")):
            return ""
        unknown = True
        # a value partly unknown (`-L $(pwd)/lib`) still carries the words it was written with
        return found.written if found is not None and found.written else match[0]

    written = " ".join(_VARIABLE.sub(replace, text).split()) if "$" in text else text
    return (None if unknown else written), written


def _released_by(triggers: Node | None) -> bool:
    """... or by its triggers: a `release` event, or pushes of tags only."""
    if isinstance(triggers, Scalar):
        return triggers.text == "release"
    if isinstance(triggers, Sequence):
        return any(isinstance(t, Scalar) and t.text == "release" for t in triggers.items)
    if not isinstance(triggers, Mapping):
        return False
    push = triggers.mapping("push")
    names = {key.text for key, _ in triggers.items}
    tags_only = push is not None and push.get("tags") is not None and push.get("branches") is None
    return "release" in names or (tags_only and names <= {"push", "workflow_dispatch"})


def _toolchain(spec: str | None) -> Toolchain:
    return Toolchain.from_spec(spec) if spec else Toolchain()


def _toolchain_like(ref: str) -> bool:
    return bool(re.match(r"^(stable|beta|nightly|\d+\.\d+)", ref))


def _shell_literal(word: str) -> str | None:
    return word if "$" not in word and "{" not in word else None


def _first_line(node: Node | None) -> str | None:
    if isinstance(node, Scalar):
        for line in node.text.splitlines():
            if line.strip() and not line.strip().startswith("#"):
                return line.strip()[:60]
    return None


def _default_directory(node: Mapping) -> str | None:
    defaults = node.mapping("defaults")
    run = defaults.mapping("run") if defaults else None
    return run.text("working-directory") if run else None


def _in_repository(
    checkouts: list[tuple[str | None, bool]], directory: str | None
) -> tuple[str | None, str | None]:
    """A directory of the runner's workspace as a directory of the repository, and where the
    repository is checked out: inside a checkout of it at `path`, relative to that; inside
    another repository's checkout, or where the job checked this one out elsewhere, None
    (nothing buildlint can see). A job that checks nothing out is taken at its word."""
    if directory is None or not checkouts:
        return directory, ""
    for path, own in reversed(checkouts):  # a later checkout into a directory replaces one
        if path is None:
            continue
        if path == "" or directory == path or directory.startswith(path + "/"):
            if not own:
                return None, None
            relative = posixpath.relpath(directory or ".", path or ".")
            return ("" if relative == "." else relative), path
    return None, None


# The step conditions buildlint decides per runner: `runner.os` or the matrix value `runs-on`
# names, compared with `==`/`!=` or `startsWith`; anything else may hold.
_CONDITION = re.compile(
    r"^\s*(?:\$\{\{\s*)?(?:(?P<name>runner\.os|matrix\.[\w.-]+)\s*(?P<op>==|!=)\s*'(?P<value>[^']*)'"
    r"|startsWith\(\s*(?P<starts>runner\.os|matrix\.[\w.-]+)\s*,\s*'(?P<prefix>[^']*)'\s*\))"
    r"\s*(?:\}\})?\s*$"
)
_RUNNER_OS = {"linux": "linux", "windows": "windows", "apple-darwin": "macos"}
_LABEL_OS = {"ubuntu": "linux", "windows": "windows", "macos": "macos"}


def _may_run(condition: str | None, runner: str | None, state: _JobState) -> bool | None:
    """Whether a step's `if:` holds on `runner` (a host triple): False only when it surely
    does not (GitHub compares strings without regard to case), None when it cannot be told."""
    match = _CONDITION.match(condition or "")
    if match is None or runner is None:
        return None
    runner_os = next((os for part, os in _RUNNER_OS.items() if part in runner), None)
    if runner_os is None:
        return None
    name = match["name"] or match["starts"]
    if name != "runner.os" and name != f"matrix.{state.runs_on_matrix}":
        return None  # a matrix value that does not choose the runner
    if match["starts"] is not None:
        prefix = match["prefix"].lower()
        if name == "runner.os":
            return runner_os.startswith(prefix)
        wanted = next((os for label, os in _LABEL_OS.items() if prefix.startswith(label)), None)
        return None if wanted is None else wanted == runner_os
    value = match["value"].lower()
    if name == "runner.os":
        same = runner_os == value
    else:
        # the matrix's labels for this machine: the step's label among them or not
        labels = state.labels.get(runner)
        if labels is None:
            return None  # the matrix's labels are not all known
        if labels == {value} or value not in labels:
            same = labels == {value}
        else:
            return None  # another label of the matrix names the same machine
    return same if match["op"] == "==" else not same


_PROGRAM_VARIABLE = re.compile(r"^(?:\$\{\{\s*env\.(\w+)\s*\}\}|\$\{?(\w+)\}?)$")


def _program_named(words: list[str], env: dict[str, EnvValue]) -> list[str]:
    """The words, where a variable names the program with more words than one (`cargo
    +nightly`), with those spelt out; a single word stays as written (ripgrep's
    `${{ env.CARGO }} build`, `cargo` or `cross` as a step decides), read by `_program`."""
    value = _variable_value(words[0], env) if words else None
    if value is None or len(value.split()) < 2:
        return words
    return [*value.split(), *words[1:]]


def _program(word: str, env: dict[str, EnvValue]) -> str:
    """The program a command's first word names, a variable's known value read."""
    value = _variable_value(word, env)
    return value.strip() if value and value.strip() else word


def _variable_value(word: str, env: dict[str, EnvValue]) -> str | None:
    match = _PROGRAM_VARIABLE.match(word)
    variable = env.get(match[1] or match[2]) if match else None
    return variable.value if variable is not None else None


def _directories(parts: tuple[str | None, ...], matrix: Node | None) -> list[str | None]:
    """The directories the parts join to: one per literal value of each `${{ matrix.x }}`
    they name (axum's `--manifest-path ${{ matrix.workspace }}/Cargo.toml`), unknown (None)
    when an expression decides a value."""
    references = sorted({ref for part in parts if part for ref in _MATRIX_REFERENCE.findall(part)})
    combinations: list[dict[str, str]] = [{}]
    for reference in references:
        values = _matrix_values(matrix, reference)
        if values is None:
            return [None]
        combinations = [{**chosen, reference: value} for chosen in combinations for value in values]
    joined = [_join(*(_substitute(part, chosen) for part in parts)) for chosen in combinations]
    return list(dict.fromkeys(joined))


def _substitute(part: str | None, values: dict[str, str]) -> str | None:
    """`part` with each `${{ matrix.x }}` replaced by the value chosen for it."""
    if part is None:
        return None
    return _MATRIX_REFERENCE.sub(lambda match: values.get(match[1], match[0]), part)


def _join(*parts: str | None) -> str | None:
    """Directories relative to the repository root; None as soon as one is unknown (an
    expression, a variable, an absolute path, or outside the repository)."""
    joined = ""
    for part in parts:
        if part is None:
            return None
        if _EXPRESSION in part or "$" in part or part.startswith(("/", "~")):
            return None
        joined = posixpath.normpath(posixpath.join(joined, part))
    if joined.startswith(".."):
        return None
    return "" if joined in ("", ".") else joined


def _subcommand_index(words: list[str]) -> int | None:
    """Where the subcommand stands, after cargo's global options."""
    index = 1
    while index < len(words):
        word = words[index]
        if word in _CARGO_VALUE_OPTIONS:
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        return index
    return None


def _cargo_options(words: list[str]) -> list[str]:
    """The words Cargo reads itself: those after `--` go to the program or test binary."""
    return words[: words.index("--")] if "--" in words else words


def _install_crates(words: list[str]) -> list[str]:
    index = words.index("install") + 1 if "install" in words else len(words)
    crates: list[str] = []
    local = False
    while index < len(words):
        word = words[index]
        if word in ("--path", "--git"):
            local = word == "--path"
            index += 2
            continue
        if word in _INSTALL_VALUE_OPTIONS:
            index += 2
            continue
        if word.startswith("-"):
            local = local or word.startswith("--path=")
            index += 1
            continue
        if word in (">", ">>", "2>", "2>&1", "||", "&&"):
            break
        crates.append(word)
        index += 1
    return [] if local and not crates else crates


def _manifest_dir(words: list[str]) -> str | None:
    words = _cargo_options(words)
    for index, word in enumerate(words):
        value = None
        if word == "--manifest-path" and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith("--manifest-path="):
            value = word.split("=", 1)[1]
        if value is not None:
            return str(PurePosixPath(value).parent)
    return None


def _option_value(words: list[str], option: str) -> str | None:
    """The value of `--option value` or `--option=value`."""
    words = _cargo_options(words)
    for index, word in enumerate(words):
        if word == option and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return None


def _runners(job: Mapping) -> tuple[str | None, ...]:
    """The host triples of a job's runners, literal matrix values expanded (None: unknown)."""
    return tuple(dict.fromkeys(_triple(labels) for labels in _label_sets(job)))


def _self_hosted(job: Mapping) -> bool:
    """Whether every runner of the job is self-hosted (the `self-hosted` label): its disk may
    outlive the run. Other labels may name GitHub's larger runners or a provider's single-use
    machines, so nothing is assumed of them."""
    return all(
        any(label is not None and label.lower() == "self-hosted" for label in labels)
        for labels in _label_sets(job)
    )


def _label_sets(job: Mapping) -> list[list[str | None]]:
    """The label sets the job runs on, one per literal matrix value (None: unknown)."""
    labels = _labels(job.get("runs-on"))
    if labels is None:
        return [[None]]
    strategy = job.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    sets: list[list[str | None]] = [list(labels)]
    for index, label in enumerate(labels):
        reference = _MATRIX.match(label)
        if reference is None:
            continue
        values = _matrix_values(matrix, reference[1])
        options: list[str | None] = list(values) if values else [None]
        sets = [
            [*labels_now[:index], value, *labels_now[index + 1 :]]
            for labels_now in sets
            for value in options
        ]
    return sets


def _labels(node: Node | None) -> list[str] | None:
    """A runner's labels (`runs-on` as a string, a list, or a group with `labels`)."""
    if isinstance(node, Scalar):
        return [node.text]
    if isinstance(node, Sequence):
        return [item.text for item in node.items if isinstance(item, Scalar)]
    if isinstance(node, Mapping):
        return _labels(node.get("labels"))
    return None


def _matrix_values(node: Node | None, path: str) -> list[str] | None:
    """The literal values `matrix.<path>` takes, or None when an expression decides them."""
    if not isinstance(node, Mapping):
        return None
    head, _, rest = path.partition(".")
    values: list[str] = []
    candidates: list[Node] = []
    axis = node.get(head)
    if isinstance(axis, Sequence):
        candidates.extend(axis.items)
    elif axis is not None:
        return None
    include = node.sequence("include")
    for entry in include.items if include else ():
        if isinstance(entry, Mapping) and entry.get(head) is not None:
            candidates.append(entry.get(head))  # type: ignore[arg-type]
    for candidate in candidates:
        value: Node | None = candidate
        for part in rest.split(".") if rest else ():
            value = value.get(part) if isinstance(value, Mapping) else None
        if not isinstance(value, Scalar) or _EXPRESSION in value.text:
            return None
        values.append(value.text)
    return values or None


def _triple(labels: list[str | None]) -> str | None:
    """A runner's host triple from its labels (GitHub-hosted names, or OS and arch labels)."""
    known = [label.lower() for label in labels if label is not None and _EXPRESSION not in label]
    if len(known) < len(labels) or not known:
        return None
    if "self-hosted" in known:
        return _self_hosted_triple(known)
    text = " ".join(known)
    arm = "arm" in text or "aarch64" in text
    if "windows" in text:
        return "aarch64-pc-windows-msvc" if arm else "x86_64-pc-windows-msvc"
    if "macos" in text:
        # Intel: `-intel`, macOS 13 and older, and the `-large` (not `-xlarge`) runners
        intel = "intel" in text or re.search(r"macos-1[0-3]\b|(?<!x)large|x64|x86_64", text)
        return "x86_64-apple-darwin" if intel else "aarch64-apple-darwin"
    if "ubuntu" in text or "linux" in text:
        return "aarch64-unknown-linux-gnu" if arm else "x86_64-unknown-linux-gnu"
    return None


# The architecture labels of self-hosted runners (GitHub's own `X64` and `ARM64`, and the
# usual names of others), as the first part of the host triple. GitHub's `ARM` is 32-bit.
_ARCHITECTURES = {
    "x64": "x86_64",
    "x86_64": "x86_64",
    "amd64": "x86_64",
    "arm64": "aarch64",
    "aarch64": "aarch64",
    "riscv64": "riscv64gc",
    "s390x": "s390x",
    "ppc64le": "powerpc64le",
}
_SYSTEMS = {"linux": "unknown-linux-gnu", "windows": "pc-windows-msvc", "macos": "apple-darwin"}


def _self_hosted_triple(labels: list[str]) -> str | None:
    """A self-hosted runner's triple from its OS and architecture labels; None unless both are
    given: its labels are the owner's, so nothing is assumed."""
    architecture = next(
        (_ARCHITECTURES[label] for label in labels if label in _ARCHITECTURES), None
    )
    system = next((_SYSTEMS[label] for label in labels if label in _SYSTEMS), None)
    if architecture is None or system is None:
        return None
    if system != "unknown-linux-gnu" and architecture not in ("x86_64", "aarch64"):
        return None
    return f"{architecture}-{system}"
