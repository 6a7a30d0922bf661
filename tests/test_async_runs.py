"""Async modules under the recorder: create_async_engine on the step's database, and the bad
input of async code, each with its exact outcome.

The modules are fixtures under ``tests/fixtures/``, never tutorial steps.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.reading import Error
from tutorial_recorder.runner import engine
from tutorial_recorder.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"
ASYNC_ENGINE = FIXTURES / "async_engine.py"


def test_an_async_engine_is_recorded_with_its_echo_and_state() -> None:
    transcript = record(PROJECT, ASYNC_ENGINE)
    reading = transcript.reading
    assert reading.statements == [
        "BEGIN (implicit)",
        "CREATE TABLE hero (name VARCHAR NOT NULL)",
        "INSERT INTO hero VALUES ('Deadpond')",
        "COMMIT",
        "BEGIN (implicit)",
        "SELECT name FROM hero",
        "ROLLBACK",
    ]
    assert reading.printed == ["heroes: ['Deadpond']"]
    assert reading.error is None
    assert transcript.state == (
        "BEGIN TRANSACTION;\n"
        "CREATE TABLE hero (name VARCHAR NOT NULL);\n"
        "INSERT INTO \"hero\" VALUES('Deadpond');\n"
        "COMMIT;\n"
    )


@pytest.mark.real_run(ASYNC_ENGINE)
def test_an_async_recording_matches_a_real_run(tutorial_ahead: Ahead) -> None:
    transcript = record(PROJECT, ASYNC_ENGINE)
    real = tutorial_ahead.real_run(ASYNC_ENGINE)
    assert normalise(real.output, root=ROOT) == transcript.text
    assert real.state == transcript.state


def test_an_async_engine_left_open_is_named_by_its_worker_thread() -> None:
    """SQLAlchemy runs each aiosqlite connection in a daemon thread, which only closing the
    connection (``await engine.dispose()``) ends."""
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "async_engine_not_disposed.py")
    echo = "INFO sqlalchemy.engine.Engine"
    assert str(stopped.value) == (
        "tests/fixtures/async_engine_not_disposed.py left the daemon thread "
        "'Thread-1 (_connection_worker_thread)' running, which `python <module>` would stop "
        "at exit wherever it was. Join daemon threads before the module ends.\n\n"
        "Transcript so far:\n"
        f"{echo} BEGIN (implicit)\n"
        f"{echo} CREATE TABLE hero (name VARCHAR NOT NULL)\n"
        f"{echo} [generated in ...s] ()\n"
        f"{echo} INSERT INTO hero VALUES ('Deadpond')\n"
        f"{echo} [generated in ...s] ()\n"
        f"{echo} COMMIT\n"
        f"{echo} BEGIN (implicit)\n"
        f"{echo} SELECT name FROM hero\n"
        f"{echo} [generated in ...s] ()\n"
        f"{echo} ROLLBACK\n"
        "heroes: ['Deadpond']\n"
    )


def test_an_async_server_database_is_refused() -> None:
    transcript = record(PROJECT, FIXTURES / "async_server_database.py")
    assert transcript.reading.error == Error(
        "tutorial_recorder.runner.engine.EngineRefused",
        "tutorial modules use SQLite; this one asked for "
        "postgresql+asyncpg://hero:***@db.example:5432/heroes",
    )


def test_async_code_that_never_awaits_is_stopped_at_the_time_limit() -> None:
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "async_never_awaits.py", seconds=0.5)
    assert str(stopped.value) == (
        "tests/fixtures/async_never_awaits.py did not finish within 0.5 s.\n\n"
        "Transcript so far:\na session is open; the loop never gets control back False\n"
    )


def test_an_event_loop_left_running_in_a_daemon_thread_is_named() -> None:
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "leaves_an_event_loop_running.py")
    assert str(stopped.value) == (
        "tests/fixtures/leaves_an_event_loop_running.py left the daemon thread 'event-loop' "
        "running, which `python <module>` would stop at exit wherever it was. Join daemon "
        "threads before the module ends.\n\nTranscript so far:\nthe loop is running\n"
    )


def test_an_event_loop_left_running_in_a_thread_is_waited_for_then_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "leaves_an_event_loop_waiting.py", seconds=0.5)
    assert time.monotonic() - started >= 0.5
    assert str(stopped.value) == (
        "tests/fixtures/leaves_an_event_loop_waiting.py did not finish: 0.5 s after its end it "
        "still had the thread 'event-loop' running, and `python <module>` waits for non-daemon "
        "threads at exit.\n\nTranscript so far:\nthe loop is running\n"
    )


def test_aiosqlite_workers_are_told_in_every_version_it_supports() -> None:
    """aiosqlite 0.21 and later run a function of their own on a plain thread; 0.20 (the
    lowest supported set) makes each connection a ``Thread`` subclass of its own."""

    class Connection(threading.Thread):
        pass

    Connection.__module__ = "aiosqlite.core"
    named = threading.Thread(name="Thread-3 (_connection_worker_thread)")
    assert engine.is_aiosqlite_worker(Connection())
    assert engine.is_aiosqlite_worker(named)
    assert not engine.is_aiosqlite_worker(threading.Thread(name="Thread-4 (serve)"))
