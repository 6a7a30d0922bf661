"""Trying to break the harness: bad modules and isolation (determinism and concurrent runs
are ``tests/test_determinism.py``).

Each test states the exact outcome. The bad modules are fixtures under ``tests/fixtures/``,
never tutorial steps; every test here also checks that no record changed.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, PROJECT, ROOT, SQLITE, record_bytes
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project.paths import KINDS, TRANSCRIPT
from tutorial_recorder.records import messages
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.reading import Error
from tutorial_recorder.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"
PRINTS_A_MODEL = DOCS_SRC / "relationship_attributes" / "back_populates" / "tutorial001.py"


@pytest.fixture(autouse=True)
def records_untouched() -> Iterator[None]:
    before = record_bytes()
    yield
    after = record_bytes()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert not changed, f"records changed: {changed}"


# A module that raises, hangs, does not compile or fails to import


def test_a_module_that_raises_ends_its_transcript_with_the_error() -> None:
    transcript = record(PROJECT, FIXTURES / "raises.py")
    reading = transcript.reading
    assert reading.printed == ["before the error"]
    assert reading.statements == ["BEGIN (implicit)", "SELECT 42", "ROLLBACK"]
    assert reading.error == Error("ValueError", "the hero has no name")
    assert transcript.text.endswith(
        "Traceback (most recent call last):\n  ...\nValueError: the hero has no name\n"
    )


def test_the_report_of_an_error_shows_the_transcript_and_the_module_s_traceback() -> None:
    report = messages.error_report(record(PROJECT, FIXTURES / "raises.py"))
    assert "The module ended with ValueError." in report
    assert "Transcript so far:\nbefore the error\nINFO sqlalchemy.engine.Engine BEGIN" in report
    assert f'File "{FIXTURES / "raises.py"}", line 12, in main' in report
    assert 'raise ValueError("the hero has no name")' in report


def test_a_module_that_never_finishes_is_stopped_and_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "hangs.py", seconds=0.5)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/hangs.py did not finish within 0.5 s.\n\n"
        "Transcript so far:\nwaiting forever\n"
    )


def test_a_module_that_catches_everything_is_stopped_all_the_same() -> None:
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "catches_everything.py", seconds=0.5)
    assert str(stopped.value) == (
        "tests/fixtures/catches_everything.py did not finish within 0.5 s.\n\n"
        "Transcript so far:\ncatching everything\n"
    )


def test_a_query_that_never_ends_in_c_code_is_killed_with_what_it_printed() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "endless_query.py", seconds=1)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/endless_query.py did not finish within 1 s.\n\n"
        "Transcript so far:\none\ntwo\nthree\n"
    )


def test_a_module_with_a_syntax_error_is_named_with_its_line() -> None:
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / "syntax_error.py")
    assert str(refused.value) == (
        "tests/fixtures/syntax_error.py does not compile: '(' was never closed (line 3)."
    )


def test_a_module_whose_import_fails_ends_with_that_error_as_python_shows_it() -> None:
    # a module of the project's tree, not a missing package (those fail: test_verdicts.py)
    transcript = record(PROJECT, FIXTURES / "verdicts_imports_its_own_tree.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\n"
        "ModuleNotFoundError: No module named 'connect_tables'\n"
    )
    report = messages.error_report(transcript)
    assert report.endswith(
        "Full traceback:\nTraceback (most recent call last):\n"
        f'  File "{FIXTURES / "verdicts_imports_its_own_tree.py"}", line 3, in <module>\n'
        "    from connect_tables import no_such_step\n"
        "ModuleNotFoundError: No module named 'connect_tables'\n"
    )


# A module that ends as no module should: each ending is the step's outcome, as in a real run


ENDINGS = {
    "exits_with_zero.py": "done early\n",
    "exits_with_three.py": "giving up\n[exit status 3]\n",
    "exits_with_a_message.py": "no heroes to show\n[exit status 1]\n",
    "exits_at_once.py": "about to leave\n[exit status 4]\n",
    "kills_itself.py": "about to be killed\n[killed by SIGTERM]\n",
    "raises_keyboard_interrupt.py": (
        "working\nTraceback (most recent call last):\n  ...\nKeyboardInterrupt\n"
    ),
    "asks_for_input.py": (
        "asking\nHero name? Traceback (most recent call last):\n  ...\n"
        "EOFError: EOF when reading a line\n"
    ),
    "writes_to_descriptors.py": (
        "printed\nos.write to 1\nos.write to stderr's descriptor\nsys.__stdout__\nprinted again\n"
    ),
    "forks.py": "in the copy\nin the original\n",
}


@pytest.mark.parametrize("name", ENDINGS)
def test_an_ending_is_recorded_as_a_real_run_ends_and_reaches_no_caller(name: str) -> None:
    """``sys.exit``, ``os._exit``, a signal, ``KeyboardInterrupt``, ``input()`` with no
    terminal, writes to descriptors 1 and 2, and a fork: each ends the step's transcript as
    ``python <module>`` would end (its exit status in brackets when it is not 0 and no
    traceback shows it), and none of them ends or disturbs this test process."""
    assert record(PROJECT, FIXTURES / name).text == ENDINGS[name]


def _with_a_real_run(names: list[str]) -> list[object]:
    return [pytest.param(name, marks=pytest.mark.real_run(FIXTURES / name)) for name in names]


@pytest.mark.parametrize("name", _with_a_real_run([n for n in ENDINGS if "[" not in ENDINGS[n]]))
def test_an_ending_shows_in_a_real_terminal_as_recorded(name: str, tutorial_ahead: Ahead) -> None:
    """Where no exit status is shown, the recorded text is what ``python <module>`` prints."""
    module = FIXTURES / name
    assert (
        normalise(tutorial_ahead.real_run(module).output, root=ROOT) == record(PROJECT, module).text
    )


# What one step leaves behind never reaches the next

LEAVES_BEHIND = [
    "keeps_printing_from_a_daemon.py",
    "disables_logging.py",
    "configures_root_logging.py",
    "listens_to_every_engine.py",
    "listens_to_every_session.py",
    "sets_a_naming_convention.py",
    "sibling_one/uses_its_sibling.py",
]


@pytest.mark.parametrize("name", LEAVES_BEHIND)
def test_what_a_step_leaves_behind_does_not_reach_the_next(name: str) -> None:
    """A daemon thread that goes on printing, logging switched off or sent to the root
    logger, listeners on every engine and every session, a naming convention for every
    model, a helper module in ``sys.modules``: the next step records exactly its record."""
    with contextlib.suppress(StepError):
        record(PROJECT, FIXTURES / name)
    for kind in KINDS:
        expected = SQLITE.record_for(PROJECT, PRINTS_A_MODEL, kind).read_text(encoding="utf-8")
        assert record(PROJECT, PRINTS_A_MODEL).recorded(kind) == expected


def test_each_folder_s_helper_module_is_its_own() -> None:
    assert (
        record(PROJECT, FIXTURES / "sibling_one" / "uses_its_sibling.py").text
        == "the first helper\n"
    )
    assert (
        record(PROJECT, FIXTURES / "sibling_two" / "uses_its_sibling.py").text
        == "the second helper\n"
    )


def test_a_daemon_thread_that_keeps_printing_is_named() -> None:
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "keeps_printing_from_a_daemon.py")
    message = str(stopped.value)
    assert message.startswith(
        "tests/fixtures/keeps_printing_from_a_daemon.py left the daemon thread 'printer' "
        "running, which `python <module>` would stop at exit wherever it was. Join daemon "
        "threads before the module ends.\n\nTranscript so far:\nbeat\n"
    )


# A module that prints what is not UTF-8, or writes files


@pytest.mark.real_run(FIXTURES / "prints_invalid_utf8.py")
def test_bytes_and_text_that_are_not_utf8_read_as_a_terminal_shows_them(
    tutorial_ahead: Ahead,
) -> None:
    """``sys.stdout.buffer`` takes bytes; invalid UTF-8 reads as U+FFFD, as ``bare`` reads a
    terminal, and text UTF-8 cannot encode raises as a real ``sys.stdout`` does."""
    module = FIXTURES / "prints_invalid_utf8.py"
    transcript = record(PROJECT, module)
    assert transcript.text == (
        "before\ncafé \ufffd\ufffd!\nsplit é\nafter\n"
        "Traceback (most recent call last):\n  ...\n"
        "UnicodeEncodeError: 'utf-8' codec can't encode character '\\udcff' in position 18: "
        "surrogates not allowed\n"
    )
    assert normalise(tutorial_ahead.real_run(module).output, root=ROOT) == transcript.text


def test_a_module_that_writes_files_is_named() -> None:
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / "writes_a_file.py")
    assert str(refused.value) == (
        "tests/fixtures/writes_a_file.py wrote files in its working folder: notes.txt\n\n"
        "Transcript so far:\n"
    )


def test_a_file_written_beside_the_module_is_refused_and_named() -> None:
    module = FIXTURES / "writes_beside_itself.py"
    with pytest.raises(StepError) as refused:
        record(PROJECT, module)
    assert str(refused.value).startswith(
        "tests/fixtures/writes_beside_itself.py wrote files outside its temporary folder: "
        "tests/fixtures/written_beside.txt\n\nTranscript so far:\n"
        "Traceback (most recent call last):\n  ...\n"
        "PermissionError: a recorded step writes only in its temporary folder: "
    )
    assert not (FIXTURES / "written_beside.txt").exists()


def test_a_module_that_leaves_its_folder_cannot_write_where_it_went() -> None:
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / "leaves_its_folder.py")
    target = Path(tempfile.gettempdir()) / "left_behind.txt"
    assert str(refused.value).startswith(
        "tests/fixtures/leaves_its_folder.py wrote files outside its temporary folder: "
        f"{target}\n\nTranscript so far:\nmoved\n"
    )
    assert not target.exists()


def test_a_module_that_removes_its_working_folder_is_named() -> None:
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / "removes_its_folder.py")
    assert str(refused.value) == (
        "tests/fixtures/removes_its_folder.py removed its working folder.\n\n"
        "Transcript so far:\nremoved\n"
    )


# The database as a new connection sees it


@pytest.mark.parametrize(
    "name", _with_a_real_run(["flushes_without_commit.py", "disposes_its_engine.py"])
)
def test_the_state_is_what_was_committed_as_in_a_real_run(name: str, tutorial_ahead: Ahead) -> None:
    transcript = record(PROJECT, FIXTURES / name)
    assert "INSERT INTO \"hero\" VALUES(1,'Deadpond');" in transcript.state
    assert "Spider-Boy" not in transcript.state
    assert transcript.state == tutorial_ahead.real_run(FIXTURES / name).state


# A module that asks for another database


def test_a_second_database_is_refused_and_named() -> None:
    transcript = record(PROJECT, FIXTURES / "second_database.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\ntutorial_recorder.runner.engine.EngineRefused: "
        "a second database 'sqlite:///backup.db' besides 'sqlite:///database.db'\n"
    )
    assert transcript.error is not None
    assert f'File "{FIXTURES / "second_database.py"}", line 6' in transcript.error.traceback


def test_a_server_database_is_refused_before_any_network_attempt() -> None:
    """The module watches the network itself (``tries_the_network.py`` shows it would see an
    attempt): nothing is tried, and no server dialect is even loaded."""
    transcript = record(PROJECT, FIXTURES / "other_database.py")
    assert transcript.text == (
        "a postgresql dialect was loaded: False\n"
        "Traceback (most recent call last):\n  ...\ntutorial_recorder.runner.engine.EngineRefused: "
        "tutorial modules use SQLite; this one asked for "
        "postgresql://hero:***@db.example:5432/heroes\n"
    )
    assert transcript.error is not None
    assert f'File "{FIXTURES / "other_database.py"}", line 22' in transcript.error.traceback
    assert (
        record(PROJECT, FIXTURES / "tries_the_network.py").text == "network: socket.getaddrinfo\n"
    )


# A module that leaves threads running


def test_a_thread_left_running_is_waited_for_then_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "leaves_a_thread.py", seconds=0.5)
    assert 0.5 <= time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/leaves_a_thread.py did not finish: 0.5 s after its end it still had "
        "the thread 'heartbeat' running, and `python <module>` waits for non-daemon threads "
        "at exit.\n\nTranscript so far:\nstarted the heartbeat\n"
    )


def test_a_daemon_thread_left_running_is_named() -> None:
    with pytest.raises(StepError) as stopped:
        record(PROJECT, FIXTURES / "leaves_a_daemon_thread.py")
    assert str(stopped.value) == (
        "tests/fixtures/leaves_a_daemon_thread.py left the daemon thread 'heartbeat' running, "
        "which `python <module>` would stop at exit wherever it was. Join daemon threads "
        "before the module ends.\n\nTranscript so far:\nstarted the heartbeat\n"
    )


@pytest.mark.real_run(FIXTURES / "waits_for_its_thread.py")
def test_a_thread_that_ends_after_the_module_is_waited_for_as_python_does(
    tutorial_ahead: Ahead,
) -> None:
    module = FIXTURES / "waits_for_its_thread.py"
    transcript = record(PROJECT, module)
    assert transcript.text == (
        "the module's last line\nthe thread's line, after the module's end\n"
    )
    assert normalise(tutorial_ahead.real_run(module).output, root=ROOT) == transcript.text


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

    assert "CREATE TABLE hero" in record(PROJECT, module).text

    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    for folder in (tmp_path, chapter):
        assert (folder / "database.db").read_bytes() == learners_data


def test_record_works_off_the_main_thread() -> None:
    expected = SQLITE.record_for(PROJECT, PRINTS_A_MODEL, TRANSCRIPT).read_text(encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(lambda module: record(PROJECT, module).text, [PRINTS_A_MODEL] * 2))
    assert texts == [expected, expected]


def _ours(marker: str) -> list[int]:
    """The processes whose environment carries ``marker``: the server and its steps."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if marker.encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_sigterm_to_a_recording_process_leaves_no_process_and_no_folder(tmp_path: Path) -> None:
    """A process recording a step that hangs gets SIGTERM, which ends it at once with no
    cleanup of its own: its server sees it go and ends, and the step's supervisor kills the
    step and removes its folder."""
    marker = f"TUTORIAL_RECORDER_SIGTERM_TEST={os.getpid()}-{random.random()}"
    env = {**os.environ, "TMPDIR": str(tmp_path), marker.split("=")[0]: marker.split("=")[1]}
    script = (
        "import sys, pathlib; from tutorial_recorder.runner.recorder import record; "
        "from tutorial_recorder.project.config import load; "
        "record(load(pathlib.Path(sys.argv[2])), pathlib.Path(sys.argv[1]), seconds=120)"
    )
    recording = subprocess.Popen(
        [sys.executable, "-c", script, str(FIXTURES / "hangs.py"), str(ROOT)], env=env
    )
    deadline = time.monotonic() + 120  # a loaded machine starts interpreters slowly

    def started() -> bool:  # the recording process, the server, a supervisor, the step
        return bool(list(tmp_path.glob("companion-step-*"))) and len(_ours(marker)) == 4

    while not started() and time.monotonic() < deadline and recording.poll() is None:
        time.sleep(0.05)
    if not started():
        recording.kill()
        pytest.fail(f"the step never started: {_ours(marker)}, exit {recording.wait()}")
    recording.send_signal(signal.SIGTERM)
    assert recording.wait(10) == -signal.SIGTERM
    while (_ours(marker) or any(tmp_path.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(marker) == []
    assert list(tmp_path.iterdir()) == []
