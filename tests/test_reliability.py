"""Trying to break the harness: bad modules, isolation, determinism and concurrent runs.

Each test states the exact outcome. The bad modules are fixtures under ``tests/fixtures/``,
never tutorial steps; every test here also checks that no record changed.

The determinism and concurrency test runs the tutorial tests (``test_records.py`` and the
chapters' claim tests, the unit that writes and reads records) in two pytest processes at
once, rather than the whole suite: a whole-suite repeat would double the suite's time, and
the other tests neither read records from a run nor depend on hash order.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy
import sqlalchemy.dialects

from companion.plugin.ahead import Ahead
from companion.project import paths
from companion.records import messages
from companion.records.normalise import normalise
from companion.records.reading import Error
from companion.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"
PRINTS_A_MODEL = paths.DOCS_SRC / "relationship_attributes" / "back_populates" / "tutorial001.py"


def _records() -> dict[str, bytes]:
    return {path.relative_to(paths.ROOT).as_posix(): path.read_bytes() for path in paths.records()}


@pytest.fixture(autouse=True)
def records_untouched() -> Iterator[None]:
    before = _records()
    yield
    after = _records()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert not changed, f"records changed: {changed}"


# A module that raises, hangs, does not compile or fails to import


def test_a_module_that_raises_ends_its_transcript_with_the_error() -> None:
    transcript = record(FIXTURES / "raises.py")
    reading = transcript.reading
    assert reading.printed == ["before the error"]
    assert reading.statements == ["BEGIN (implicit)", "SELECT 42", "ROLLBACK"]
    assert reading.error == Error("ValueError", "the hero has no name")
    assert transcript.text.endswith(
        "Traceback (most recent call last):\n  ...\nValueError: the hero has no name\n"
    )


def test_the_report_of_an_error_shows_the_transcript_and_the_module_s_traceback() -> None:
    report = messages.error_report(record(FIXTURES / "raises.py"))
    assert "The module ended with ValueError." in report
    assert "Transcript so far:\nbefore the error\nINFO sqlalchemy.engine.Engine BEGIN" in report
    assert f'File "{FIXTURES / "raises.py"}", line 12, in main' in report
    assert 'raise ValueError("the hero has no name")' in report


def test_a_module_that_never_finishes_is_stopped_and_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(FIXTURES / "hangs.py", seconds=0.5)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/hangs.py did not finish within 0.5 s.\n\n"
        "Transcript so far:\nwaiting forever\n"
    )


def test_a_module_with_a_syntax_error_is_named_with_its_line() -> None:
    with pytest.raises(StepError) as refused:
        record(FIXTURES / "syntax_error.py")
    assert str(refused.value) == (
        "tests/fixtures/syntax_error.py does not compile: '(' was never closed (line 3)."
    )


def test_a_module_whose_import_fails_ends_with_that_error_as_python_shows_it() -> None:
    transcript = record(FIXTURES / "fails_to_import.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\n"
        "ModuleNotFoundError: No module named 'hero_helpers'\n"
    )
    report = messages.error_report(transcript)
    assert report.endswith(
        "Full traceback:\nTraceback (most recent call last):\n"
        f'  File "{FIXTURES / "fails_to_import.py"}", line 3, in <module>\n'
        "    import hero_helpers\n"
        "ModuleNotFoundError: No module named 'hero_helpers'\n"
    )


# A module that prints what is not UTF-8, or writes files


@pytest.mark.real_run(FIXTURES / "prints_invalid_utf8.py")
def test_bytes_and_text_that_are_not_utf8_read_as_a_terminal_shows_them(
    ahead: Ahead,
) -> None:
    """``sys.stdout.buffer`` takes bytes; invalid UTF-8 reads as U+FFFD, as ``bare`` reads a
    terminal, and text UTF-8 cannot encode raises as a real ``sys.stdout`` does."""
    module = FIXTURES / "prints_invalid_utf8.py"
    transcript = record(module)
    assert transcript.text == (
        "before\ncafé \ufffd\ufffd!\nsplit é\nafter\n"
        "Traceback (most recent call last):\n  ...\n"
        "UnicodeEncodeError: 'utf-8' codec can't encode character '\\udcff' in position 18: "
        "surrogates not allowed\n"
    )
    assert normalise(ahead.real_run(module).output) == transcript.text


def test_a_module_that_writes_files_is_named() -> None:
    with pytest.raises(StepError) as refused:
        record(FIXTURES / "writes_a_file.py")
    assert str(refused.value) == (
        "tests/fixtures/writes_a_file.py wrote files although its database is in memory: notes.txt"
    )


# A module that asks for another database


def test_a_second_database_is_refused_and_named() -> None:
    transcript = record(FIXTURES / "second_database.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\ncompanion.runner.engine.EngineRefused: "
        "a second database 'sqlite:///backup.db' besides 'sqlite:///database.db'\n"
    )
    assert f'File "{FIXTURES / "second_database.py"}", line 6' in transcript.error.traceback


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to resolve a host, connect a socket or load a database dialect other
    than SQLite's fails the run, and is listed."""
    attempts: list[str] = []

    def refused(name: str) -> Callable[..., object]:
        def attempt(*args: object, **kwargs: object) -> object:
            attempts.append(name)
            raise AssertionError(f"the run tried the network: {name}")

        return attempt

    monkeypatch.setattr(socket.socket, "connect", refused("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refused("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refused("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refused("socket.getaddrinfo"))
    load = sqlalchemy.dialects.registry.load

    def load_sqlite_only(name: str) -> object:
        if name.split(".")[0] != "sqlite":
            return refused(f"loading the {name} dialect")()
        return load(name)

    monkeypatch.setattr(sqlalchemy.dialects.registry, "load", load_sqlite_only)
    return attempts


def test_a_server_database_is_refused_before_any_network_attempt(
    network_attempts: list[str],
) -> None:
    transcript = record(FIXTURES / "other_database.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\ncompanion.runner.engine.EngineRefused: "
        "tutorial modules use SQLite; this one asked for "
        "postgresql://hero:***@db.example:5432/heroes\n"
    )
    assert f'File "{FIXTURES / "other_database.py"}", line 5' in transcript.error.traceback
    assert network_attempts == []


def test_the_network_guard_sees_what_sqlalchemy_alone_would_do(
    network_attempts: list[str],
) -> None:
    """Without the recorder, SQLAlchemy loads the server's dialect, its first step towards a
    connection; the guard above would have seen it."""
    with pytest.raises(
        AssertionError, match="the run tried the network: loading the postgresql dialect"
    ):
        sqlalchemy.create_engine("postgresql://hero:secret@db.example:5432/heroes")
    with pytest.raises(AssertionError, match=r"the run tried the network: socket\.create_conn"):
        socket.create_connection(("db.example", 5432))
    assert network_attempts == ["loading the postgresql dialect", "socket.create_connection"]


# A module that leaves threads running


def _stop_heartbeats() -> None:
    for thread in threading.enumerate():
        if thread.name == "heartbeat":
            thread.stopped.set()  # type: ignore[attr-defined]
            thread.join()


@pytest.fixture
def heartbeats_stopped() -> Iterator[None]:
    yield
    _stop_heartbeats()


@pytest.mark.usefixtures("heartbeats_stopped")
def test_a_thread_left_running_is_waited_for_then_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(FIXTURES / "leaves_a_thread.py", seconds=0.5)
    assert 0.5 <= time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/leaves_a_thread.py did not finish: 0.5 s after its end it still had "
        "the thread 'heartbeat' running, and `python <module>` waits for non-daemon threads "
        "at exit.\n\nTranscript so far:\nstarted the heartbeat\n"
    )


@pytest.mark.usefixtures("heartbeats_stopped")
def test_a_daemon_thread_left_running_is_named() -> None:
    with pytest.raises(StepError) as stopped:
        record(FIXTURES / "leaves_a_daemon_thread.py")
    assert str(stopped.value) == (
        "tests/fixtures/leaves_a_daemon_thread.py left the daemon thread 'heartbeat' running, "
        "which `python <module>` would stop at exit wherever it was. Join daemon threads "
        "before the module ends.\n\nTranscript so far:\nstarted the heartbeat\n"
    )


@pytest.mark.real_run(FIXTURES / "waits_for_its_thread.py")
def test_a_thread_that_ends_after_the_module_is_waited_for_as_python_does(
    ahead: Ahead,
) -> None:
    module = FIXTURES / "waits_for_its_thread.py"
    transcript = record(module)
    assert transcript.text == (
        "the module's last line\nthe thread's line, after the module's end\n"
    )
    assert normalise(ahead.real_run(module).output) == transcript.text
    assert [thread.name for thread in threading.enumerate() if thread.name == "finisher"] == []


# Isolation


def test_a_recorded_run_creates_and_changes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapter = tmp_path / "chapter"
    chapter.mkdir()
    module = Path(shutil.copy(PRINTS_A_MODEL, chapter))
    learners_data = b"a learner's own database, not to be touched"
    for folder in (tmp_path, chapter):
        (folder / "database.db").write_bytes(learners_data)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    assert "CREATE TABLE hero" in record(module).text

    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    for folder in (tmp_path, chapter):
        assert (folder / "database.db").read_bytes() == learners_data


# Determinism and concurrency: the tutorial tests in two pytest processes at once

TUTORIAL_TESTS = [
    f"{paths.ROOT / 'pyproject.toml'}::records",
    *sorted(
        {paths.ROOT / "tests" / paths.step_id(module).split("/")[0] for module in paths.modules()}
    ),
]
NOT_INHERITED = (
    "PYTEST_ADDOPTS",
    "PYTEST_CURRENT_TEST",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTHONHASHSEED",
)


def _pytest(
    folder: Path, name: str, hash_seed: int, order_seed: int, *more: str
) -> subprocess.Popen[str]:
    """The tutorial tests in a new pytest process started in ``folder``, read-only
    (``--inline-snapshot=disable``), its outcomes written to ``folder / f"{name}.xml"``.
    Plain asserts and no pytest-examples, which these tests do not use, to start faster."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env["PYTHONHASHSEED"] = str(hash_seed)
    command = [
        *(sys.executable, "-m", "pytest", "-c", str(paths.ROOT / "pyproject.toml")),
        *("--rootdir", str(paths.ROOT), "-p", "no:examples", "--assert=plain"),
        *("--inline-snapshot=disable", f"--randomly-seed={order_seed}"),
        f"--basetemp={folder / (name + '-tmp')}",
        f"--junit-xml={folder / (name + '.xml')}",
        *more,
        *map(str, TUTORIAL_TESTS),
    ]
    return subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _outcomes(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[f"{case.get('classname')}.{case.get('name')}"] = kinds[0] if kinds else "passed"
    return outcomes


LEARNERS_DATA = b"a learner's own database, not to be touched"


@dataclass
class TwoRuns:
    seeds: str
    exit_codes: dict[str, int]
    outputs: dict[str, str]
    outcomes: dict[str, dict[str, str]]
    changed_records: list[str]
    folder: list[str]
    learners_data: bytes


def two_runs_at_once() -> TwoRuns:
    """The tutorial tests twice at once from a folder holding a learner's database.db: one
    run serial, one with two xdist workers, each with a random hash seed and test order."""
    hash_seeds = random.sample(range(1, 2**32), 2)
    order_seeds = random.sample(range(1, 2**32), 2)
    before = _records()
    with tempfile.TemporaryDirectory(prefix="companion-two-runs-") as name:
        folder = Path(name)
        (folder / "database.db").write_bytes(LEARNERS_DATA)
        started = {
            "serial": _pytest(folder, "serial", hash_seeds[0], order_seeds[0]),
            "workers": _pytest(folder, "workers", hash_seeds[1], order_seeds[1], "-n", "2"),
        }
        outputs = {run: process.communicate(timeout=600)[0] for run, process in started.items()}
        after = _records()
        return TwoRuns(
            seeds=f"PYTHONHASHSEED {hash_seeds}, --randomly-seed {order_seeds} (serial, workers)",
            exit_codes={run: process.returncode for run, process in started.items()},
            outputs=outputs,
            outcomes={
                run: _outcomes(folder / f"{run}.xml")
                for run in started
                if (folder / f"{run}.xml").exists()
            },
            changed_records=sorted(
                record
                for record in before.keys() | after.keys()
                if before.get(record) != after.get(record)
            ),
            folder=sorted(
                path.name for path in folder.iterdir() if not path.name.startswith(tuple(started))
            ),
            learners_data=(folder / "database.db").read_bytes(),
        )


@pytest.mark.ahead.with_args(two_runs_at_once)
def test_two_runs_at_once_with_other_orders_hash_seeds_and_workers_agree_and_write_nothing(
    ahead: Ahead,
) -> None:
    """One serial run and one with two xdist workers, at the same time on the real tree, each
    with its own random test order and hash seed, started in a folder that holds a learner's
    database.db. Both pass, with the same outcome for every test: each run's transcripts and
    database states equal the records byte for byte. No record and nothing in the folder
    changes. (Started ahead: ``companion.plugin.ahead``.)"""
    runs = ahead.result(two_runs_at_once)

    for run in ("serial", "workers"):
        assert runs.exit_codes[run] == 0, f"{runs.seeds}\n{runs.outputs[run][-6000:]}"
    assert "created: 2/2 workers" in runs.outputs["workers"]
    serial = runs.outcomes["serial"]
    assert len(serial) > 2 * len(paths.modules())
    assert set(serial.values()) == {"passed"}
    assert runs.outcomes["workers"] == serial, runs.seeds
    assert runs.changed_records == []
    assert runs.folder == ["database.db"]
    assert runs.learners_data == LEARNERS_DATA
