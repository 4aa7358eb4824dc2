"""The validation worker answers exactly as in-process validation, and survives its child dying."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import run_probe
from hypothesis import given, settings
from hypothesis import strategies as st

from cargo_buildlint.worker import ValidationWorker, validate_configs_here, validate_here

TABLES: list[object] = [
    {"opt-level": "3", "debug": "line-tables-only", "wibble": 1},
    {"package": {"*": {"debug": False, "lto": True}, "bad spec!": {}}, "build-override": 3},
    3,
    {"inherits": "dev", "codegen-units": 0},
]


def test_worker_gives_the_in_process_answer() -> None:
    with ValidationWorker() as worker:
        assert worker.validate(TABLES) == validate_here(TABLES)
        assert worker.validate([]) == []  # and it serves more than one request


def test_worker_falls_back_when_its_child_dies() -> None:
    worker = ValidationWorker()
    assert worker._pid is not None
    os.kill(worker._pid, signal.SIGKILL)
    assert worker.validate(TABLES) == validate_here(TABLES)
    assert worker._pid is None  # the dead child was reaped and forgotten
    assert worker.validate(TABLES) == validate_here(TABLES)


def test_disabled_worker_validates_in_process() -> None:
    with ValidationWorker(enabled=False) as worker:
        assert worker._pid is None
        assert worker.validate(TABLES) == validate_here(TABLES)


VALUES = st.recursive(
    st.one_of(
        st.booleans(), st.integers(-5, 300), st.sampled_from(["s", "z", "thin", "3", "full"])
    ),
    lambda inner: st.dictionaries(
        st.sampled_from(["opt-level", "debug", "lto", "package", "*", "x", "build-override"]), inner
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(VALUES, max_size=4))
def test_worker_matches_in_process_on_random_tables(tables: list[object]) -> None:
    with ValidationWorker() as worker:
        assert worker.validate(tables) == validate_here(tables)


def test_a_child_that_stops_answering_does_not_hang_the_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker = ValidationWorker()
    assert worker._pid is not None
    os.kill(worker._pid, signal.SIGSTOP)  # alive, but it will never answer
    monkeypatch.setattr(worker, "timeout", 0.5)
    started = time.monotonic()
    assert worker.validate(TABLES) == validate_here(TABLES)
    assert time.monotonic() - started < 30
    assert worker._pid is None  # killed and reaped


def test_large_requests_and_answers_cross_the_pipe() -> None:
    tables: list[object] = [{"opt-level": "3", "wibble": "x" * 1000}] * 500
    with ValidationWorker() as worker:
        assert worker.validate(tables) == validate_here(tables)
        assert worker.validate_configs([{"build": {"jobs": 0}}]) == validate_configs_here(
            [{"build": {"jobs": 0}}]
        )


def test_a_stopped_worker_validates_in_process_and_is_reaped_on_close() -> None:
    worker = ValidationWorker()
    pid = worker._pid
    assert pid is not None
    worker.stop()
    assert worker.validate(TABLES) == validate_here(TABLES)
    worker.close()
    assert worker._pid is None
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)


# In a fresh interpreter, as the worker's child starts: pydantic's plugin loader is a stand-in,
# so `importlib.metadata` is never imported, validation is unchanged, and a name the stand-in
# lacks still comes from the real loader.
CHILD_START = """
import os, sys
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from cargo_buildlint import worker
worker._skip_plugin_lookup()
from cargo_buildlint.config_model import validate_config
from cargo_buildlint.model import validate_profile
print("importlib.metadata" in sys.modules)
print(repr(validate_profile({"debug": "lines", "opt-level": 1})))
print(repr(validate_config({"build": {"jobs": 0}})))
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins
print(list(get_plugins()), PYDANTIC_ENTRY_POINT_GROUP)
"""


def test_the_child_skips_pydantic_plugin_lookup_and_validates_the_same() -> None:
    assert run_probe(CHILD_START, ["importlib.metadata"]).stdout.splitlines() == [
        "False",
        repr(validate_here([{"debug": "lines", "opt-level": 1}])[0]),
        repr(validate_configs_here([{"build": {"jobs": 0}}])[0]),
        "[] pydantic",
    ]
