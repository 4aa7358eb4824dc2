"""Profile validation in a child process that imports pydantic while the parent gets going.

Importing pydantic costs more than everything else buildlint does for one manifest, and more
than `cargo metadata` takes to read a 1,000-member workspace. It is pure CPU work that Python
threads cannot overlap, but a forked child can: the CLI starts one first thing, the child
imports pydantic while the parent imports the rest, discovers the project and parses every
manifest, and when the parent needs validation the child is ready. Results come back as the
plain data of `profile_data.py`. See benchmarks/bench.py for what this buys.

Where `fork` is missing, fails, or the child dies, validation runs in the parent: slower,
never different.
"""

from __future__ import annotations

# Only what forking needs: this module is imported before anything else, and every import
# here delays the child's start (pickle, say, pulls in `re`: it is imported after the fork).
import os
import signal
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .profile_data import SettingsEntries, SettingsProblem, Validated, ValueProblem


def validate_here(tables: list[object]) -> list[Validated]:
    from .model import validate_profile

    return [validate_profile(table) for table in tables]


def validate_settings_here(raw: object) -> tuple[SettingsEntries, list[SettingsProblem]]:
    from .settings import validate_settings

    return validate_settings(raw)


def validate_configs_here(configs: list[object]) -> list[list[ValueProblem]]:
    from .config_model import validate_config

    return [validate_config(config) for config in configs]


# What the child may be asked to do, by name: the validations and nothing else.
TASKS: dict[str, Callable[[Any], Any]] = {
    "profiles": validate_here,
    "settings": validate_settings_here,
    "configs": validate_configs_here,
}


class ValidationWorker:
    """`validate(tables)` answers like `validate_here`, from a child process when it can."""

    timeout = 60.0  # seconds an answer may take; validating a huge workspace takes one

    def __init__(self, enabled: bool = True) -> None:
        self._pid: int | None = None
        self._requests: IO[bytes] | None = None
        self._responses: IO[bytes] | None = None
        if enabled and hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (request_read, request_write, response_read, response_write):
                os.close(fd)
            return
        if pid == 0:  # the child never returns into the parent's code
            status = 1
            try:
                os.close(request_write)
                os.close(response_read)
                _serve(request_read, response_write)
                status = 0
            except BaseException:
                pass
            finally:
                os._exit(status)
        os.close(request_read)
        os.close(response_write)
        self._pid = pid
        self._requests = os.fdopen(request_write, "wb")
        self._responses = os.fdopen(response_read, "rb")

    def validate(self, tables: list[object]) -> list[Validated]:
        """Profile tables, as `validate_here` would."""
        answer: list[Validated] = self._ask("profiles", tables)
        return answer

    def validate_settings(self, raw: object) -> tuple[SettingsEntries, list[SettingsProblem]]:
        """buildlint's settings table, as `validate_settings_here` would."""
        answer: tuple[SettingsEntries, list[SettingsProblem]] = self._ask("settings", raw)
        return answer

    def validate_configs(self, configs: list[object]) -> list[list[ValueProblem]]:
        """Config files' tables, as `validate_configs_here` would."""
        answer: list[list[ValueProblem]] = self._ask("configs", configs)
        return answer

    def _ask(self, task: str, payload: object) -> Any:
        import pickle

        if self._requests is not None and self._responses is not None:
            # A child that stops answering (stuck, or starved of CPU for far too long) must
            # never hang the parent: after `timeout` it is killed and the parent validates.
            deadline = _monotonic() + self.timeout
            try:
                request = pickle.dumps((task, payload), pickle.HIGHEST_PROTOCOL)
                _send(self._requests.fileno(), request, deadline)
                size = int.from_bytes(_receive(self._responses.fileno(), 8, deadline), "big")
                return pickle.loads(_receive(self._responses.fileno(), size, deadline))
            except (
                OSError,
                EOFError,
                TimeoutError,
                pickle.PickleError,
                AttributeError,
                ValueError,
            ):
                self.close()
        return TASKS[task](payload)

    def stop(self) -> None:
        """Stop the child without waiting for it to go: when nothing more needs validating,
        its exit overlaps the parent's rendering and `close` finds it gone. A later request
        validates in the parent."""
        import contextlib

        if self._pid is None or self._requests is None or self._responses is None:
            return
        for stream in (self._requests, self._responses):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        self._requests = self._responses = None

    def close(self) -> None:
        """Stop the child at once (when nothing needed validating it may still be importing)
        and reap it."""
        import contextlib

        self.stop()
        if self._pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        self._pid = None

    def __enter__(self) -> ValidationWorker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _serve(request_fd: int, response_fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # pydantic's plugins observe validation for the application that owns the models; these
    # models are buildlint's internals, and looking plugins up scans every installed package.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    _skip_plugin_lookup()
    import pickle

    from .model import validate_profile  # noqa: F401 - the import this process exists for

    _warm_up_while_idle(request_fd)
    with os.fdopen(request_fd, "rb") as requests, os.fdopen(response_fd, "wb") as responses:
        while True:
            try:
                task, payload = pickle.load(requests)
            except EOFError:
                return
            answer = pickle.dumps(TASKS[task](payload), pickle.HIGHEST_PROTOCOL)
            responses.write(len(answer).to_bytes(8, "big") + answer)
            responses.flush()


def _warm_up_while_idle(request_fd: int) -> None:
    """Import what the later requests need (config files' models) while the parent is still
    reading the project; a parent that is already waiting for profiles is answered first."""
    import select

    if not select.select([request_fd], [], [], 0)[0]:
        from .config_model import validate_config  # noqa: F401


PLUGIN_LOADER = "pydantic.plugin._loader"


def _skip_plugin_lookup() -> None:
    """Spare the child pydantic's plugin loader, with plugins turned off above.

    pydantic imports the loader with every model, and the loader imports `importlib.metadata`
    (with `email`, `zipfile` and `csv`) to look plugins up: an eighth of the child's start-up,
    on the critical path of a large workspace. A stand-in answers `get_plugins()` as the real
    loader does with plugins off, with no plugins; any other name loads the real loader, so a
    pydantic that asks the loader for more gets it, only slower.
    """
    import sys
    import types

    if PLUGIN_LOADER in sys.modules:
        return
    stand_in = types.ModuleType(PLUGIN_LOADER)

    def get_plugins() -> tuple[()]:
        return ()

    def real_loader_attribute(name: str) -> object:
        if name.startswith("__"):  # the import system asks a module for `__path__` and such
            raise AttributeError(name)
        import importlib

        if sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]
        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = real_loader_attribute  # type: ignore[method-assign]
    sys.modules[PLUGIN_LOADER] = stand_in


def _monotonic() -> float:
    import time

    return time.monotonic()


def _wait(fd: int, for_writing: bool, deadline: float) -> None:
    import select

    remaining = max(0.0, deadline - _monotonic())
    ready = (
        select.select([], [fd], [], remaining)
        if for_writing
        else select.select([fd], [], [], remaining)
    )
    if not ready[1 if for_writing else 0]:
        raise TimeoutError("the validation worker did not answer in time")


def _send(fd: int, data: bytes, deadline: float) -> None:
    view = memoryview(data)
    while view:
        _wait(fd, True, deadline)
        view = view[os.write(fd, view[: 1 << 16]) :]


def _receive(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while size:
        _wait(fd, False, deadline)
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the validation worker stopped")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
