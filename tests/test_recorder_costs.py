"""The recorder's own costs per step: what each fix of the harness's overhead keeps true."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import textwrap

import pytest

from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.runner import supervisor

STEP_THAT_CLOSES_ITS_CONTROL_PIPE = """
import os, sys, time
os.close(int(sys.argv[1]))
time.sleep(0.3)
"""


def test_the_watch_reads_a_closed_control_pipe_once_then_waits_for_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A step that has closed its control pipe (a process at its end closes it a moment
    before it can be reaped) leaves that pipe readable for good: the watch reads its end
    once, then sleeps until the step ends, where it read it again and again, spinning."""
    control_r, control_w = os.pipe()
    step = subprocess.Popen(
        [sys.executable, "-c", STEP_THAT_CLOSES_ITS_CONTROL_PIPE, str(control_w)],
        pass_fds=[control_w],
    )
    os.close(control_w)
    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, size: int) -> bytes:
        if fd == control_r:
            reads.append(fd)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", counted)
    try:
        report = supervisor._watch(step.pid, control_r, {"seconds": 10}, os.getppid(), 0, None)
    finally:
        monkeypatch.undo()
        if step.poll() is None:
            step.kill()
            step.wait()
    assert report == {"status": {"exit": 0}}
    assert len(reads) == 2  # its end in the watch, and once more where it is drained


DUMP_AFTER_THE_SERVERS_IMPORTS = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import tutorial_recorder.runner.server
    from tutorial_recorder.databases import sqlite

    before = set(sys.modules)
    dumped = sqlite.dump_file(Path("/nonexistent/database.db"))
    print(repr(dumped), sorted(set(sys.modules) - before))
    """
)


def test_a_supervisors_dump_imports_nothing_the_server_has_not_imported() -> None:
    """Each supervisor dumps its step's database in a fork of the server: a module that
    dump imported there would be imported again for every step (``sqlite3.dump``, which
    ``iterdump`` imports, was)."""
    printed = _printed_by(DUMP_AFTER_THE_SERVERS_IMPORTS)
    assert printed == "'BEGIN TRANSACTION;\\nCOMMIT;\\n' []\n"


def test_normalising_asks_sysconfig_for_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard library's folder is found once, when the rules are loaded: working it
    out again for every text was most of the time a small dump took to normalise."""
    stdlib = sysconfig.get_paths()["stdlib"]

    def refused() -> dict[str, str]:
        raise AssertionError("sysconfig.get_paths() was called")

    monkeypatch.setattr(sysconfig, "get_paths", refused)
    text = f'  File "{stdlib}/json/decoder.py", line 3\n'
    assert normalise(text) == '  File "<stdlib>/json/decoder.py", line 3\n'


RECORDING_PROCESS_IMPORTS = textwrap.dedent(
    """
    import sys

    import tutorial_recorder.plugin.hooks
    import tutorial_recorder.plugin.session
    import tutorial_recorder.runner.recorder

    print(sorted(name for name in ("sqlmodel", "pydantic") if name in sys.modules))
    """
)


def test_the_recording_process_imports_neither_sqlmodel_nor_pydantic() -> None:
    """The steps import them in the warm server; the process that records (pytest, the
    bench's ``recorder`` row, ``companion``) only needs the names it shares with the steps
    (``tutorial_recorder.runner.protocol``), not the step's own module, which imports them."""
    assert _printed_by(RECORDING_PROCESS_IMPORTS) == "[]\n"


def _printed_by(code: str) -> str:
    """What ``code`` prints, run in a new interpreter of this environment."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout


PLUGIN_IMPORTS = textwrap.dedent(
    """
    import sys

    import tutorial_recorder.runner.capture
    captured = "sqlalchemy" in sys.modules
    import tutorial_recorder.plugin.session

    site = [name for name in sys.modules if name.startswith("tutorial_recorder.site")]
    print(captured, sorted(site))
    """
)


def test_the_plugin_imports_no_page_code_and_the_capture_no_sqlalchemy() -> None:
    """A record test needs neither the pages' include code (and its Pygments formatter),
    which only the page tests use, nor SQLAlchemy's logging, which only a step's own process
    patches."""
    assert _printed_by(PLUGIN_IMPORTS) == "False []\n"


DRIVER_IMPORTS = textwrap.dedent(
    """
    import sys

    from tutorial_recorder.runner import server

    started = "psycopg" in sys.modules
    server._import_driver(None)
    server._import_driver("sqlite:////tmp/database.db")
    on_sqlite = "psycopg" in sys.modules
    server._import_driver("postgresql+psycopg://step@/step?host=/tmp")
    print(started, on_sqlite, "psycopg" in sys.modules, "psycopg" in server._tried)
    """
)


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is None, reason="psycopg is not installed")
def test_the_server_imports_the_postgresql_driver_for_the_first_step_that_needs_it() -> None:
    """psycopg was imported when the server started, some 40 ms of a core that a run on
    SQLite alone never needed; a step on PostgreSQL still forks from a server that has it."""
    assert _printed_by(DRIVER_IMPORTS) == "False False True True\n"


REGISTRY_IMPORTS = textwrap.dedent(
    """
    import sys

    import tutorial_recorder.databases.registry
    import tutorial_recorder.plugin.session

    print(sorted(name for name in ("sqlalchemy", "psycopg", "pymysql") if name in sys.modules))
    """
)


def test_the_plugin_and_the_databases_import_no_sqlalchemy_or_driver() -> None:
    """A learner's ``--url`` is parsed with SQLAlchemy, and the MariaDB steps' dialect is
    SQLAlchemy's: both are imported when used, not by a test process that names every
    database (about 0.1 s of pytest's start)."""
    assert _printed_by(REGISTRY_IMPORTS) == "[]\n"
