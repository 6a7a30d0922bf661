"""The suite's PostgreSQL server: how it runs, how it stops, and how it fails.

Every way out of a process that started a server (its end, an uncaught error, SIGTERM,
Ctrl-C) leaves no ``postgres`` process and no folder behind; a server that cannot start
says why in one message; a step's database is its own.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.layout import ROOT
from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.postgresql import programs, server
from tutorial_recorder.databases.postgresql.server import Server

# A process that starts a server (in a thread of its own with `threaded`, as the suite's
# recordings started ahead do), prints its folder and its process id, then does `then`.
STARTS = """
import os, signal, sys, time
from concurrent.futures import ThreadPoolExecutor
from tutorial_recorder.databases.postgresql import server
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal, even
# where the suite itself runs in the background (which ignores SIGINT in its children)
threaded = {threaded}
started = ThreadPoolExecutor(1).submit(server.start).result() if threaded else server.start()
print(started.folder, started.process.pid, flush=True)
{then}
"""


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone before, or while, it was read
        return False
    return state != "Z"


def postgres_processes_in(folder: Path) -> list[str]:
    """The command lines of every ``postgres`` process serving from ``folder``."""
    found = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    return [line for line in found.stdout.splitlines() if str(folder) in line]


def start_in_child(then: str, threaded: bool = False) -> tuple[subprocess.Popen[str], Path, int]:
    child = subprocess.Popen(
        [sys.executable, "-c", STARTS.format(then=then, threaded=threaded)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    folder, pid = child.stdout.readline().split()
    return child, Path(folder), int(pid)


def test_the_server_listens_on_its_own_socket_only(tutorial_postgresql: Server) -> None:
    with tutorial_postgresql.connect() as admin:
        [(addresses,)] = admin.execute("SHOW listen_addresses").fetchall()
        [(directory,)] = admin.execute("SHOW unix_socket_directories").fetchall()
    assert addresses == ""
    assert directory == str(tutorial_postgresql.folder)
    assert tutorial_postgresql.socket.is_socket()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root has the server run as another user")
def test_under_root_the_server_runs_as_an_unprivileged_user(tutorial_postgresql: Server) -> None:
    assert tutorial_postgresql.process is not None
    owner = Path(f"/proc/{tutorial_postgresql.process.pid}/status").read_text()
    [uid] = [line.split()[1] for line in owner.splitlines() if line.startswith("Uid:")]
    assert uid != "0"


def test_a_step_cannot_connect_to_another_steps_database(tutorial_postgresql: Server) -> None:
    first, second = tutorial_postgresql.new_database(), tutorial_postgresql.new_database()
    try:
        with tutorial_postgresql.connect(first, role=first) as own:
            [(one,)] = own.execute("SELECT 1").fetchall()
        assert one == 1
        with pytest.raises(ServerError, match=f'permission denied for database "{second}"'):
            tutorial_postgresql.connect(second, role=first)
    finally:
        tutorial_postgresql.drop(first)
        tutorial_postgresql.drop(second)
    with tutorial_postgresql.connect() as admin:
        left = admin.execute(
            "SELECT datname FROM pg_database WHERE datname IN (%s, %s)", (first, second)
        ).fetchall()
    assert left == []


def test_stop_ends_every_server_process_and_deletes_the_folder() -> None:
    started = server.start()
    assert started.process is not None
    pid = started.process.pid
    assert alive(pid)
    started.stop()
    assert not alive(pid)
    assert not started.folder.exists()
    assert postgres_processes_in(started.folder) == []
    started.stop()  # a second stop does nothing


SIGTERM = "os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)"


@pytest.mark.parametrize(
    ("then", "status", "threaded"),
    [
        ("", 0, False),
        ("raise RuntimeError('the run failed')", 1, False),
        (SIGTERM, -signal.SIGTERM, False),
        (SIGTERM, -signal.SIGTERM, True),
        ("time.sleep(30)", None, False),  # Ctrl-C: SIGINT from outside
    ],
    ids=["exit", "uncaught-error", "sigterm", "sigterm-started-in-a-thread", "ctrl-c"],
)
def test_every_way_out_stops_the_server(then: str, status: int | None, threaded: bool) -> None:
    child, folder, pid = start_in_child(then, threaded)
    if status is None:
        child.send_signal(signal.SIGINT)
        status = -signal.SIGINT  # Python ends on an uncaught KeyboardInterrupt by the signal
    child.wait(30)
    assert child.returncode == status
    assert not alive(pid)
    assert not folder.exists()
    assert postgres_processes_in(folder) == []


def test_missing_programs_are_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ServerError) as raised:
        programs.programs([tmp_path])
    assert str(raised.value) == (
        f"PostgreSQL's server programs were not found (looked in {tmp_path}): install "
        "Debian's postgresql package (apt-get install postgresql)"
    )


def test_a_socket_path_too_long_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    with pytest.raises(ServerError, match=r"socket path .* is longer than 107 bytes: set TMPDIR"):
        server.start(parent=deep)
    assert list(deep.iterdir()) == []


def test_a_folder_the_server_cannot_write_is_one_clear_message(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    # under root the server runs as another user, who cannot enter a folder only root may;
    # any other user cannot make a folder in one without write permission
    private.chmod(0o700 if os.geteuid() == 0 else 0o500)
    try:
        with pytest.raises(ServerError) as raised:
            server.start(parent=private)
    finally:
        private.chmod(0o700)
    message = str(raised.value)
    assert message.startswith(
        "PostgreSQL's initdb failed in " if os.geteuid() == 0 else "cannot make PostgreSQL's folder"
    )
    assert "ermission denied" in message
    assert list(private.iterdir()) == []


def test_without_postgresql_the_tests_are_skipped_with_the_reason(tmp_path: Path) -> None:
    ran = _pytest_without_postgresql(tmp_path, {})
    assert ran.returncode == 0, ran.stdout
    reason = (
        "PostgreSQL is not available: PostgreSQL's server programs were not found (looked in "
        f"{tmp_path}): install Debian's postgresql package (apt-get install postgresql)"
    )
    assert re.search(rf"^SKIPPED \[3\] \S+: {re.escape(reason)}$", ran.stdout, re.M)
    assert re.search(r"= 3 passed, 3 skipped, \d+ deselected in ", ran.stdout)


def test_when_postgresql_is_required_the_tests_fail_instead(tmp_path: Path) -> None:
    ran = _pytest_without_postgresql(tmp_path, {"TUTORIAL_RECORDER_POSTGRESQL": "require"})
    assert ran.returncode == 1
    assert "PostgreSQL is required but cannot start: PostgreSQL's server programs" in ran.stdout
    assert re.search(r"= 3 failed, 3 passed, \d+ deselected in ", ran.stdout)


def _pytest_without_postgresql(
    folder: Path, environ: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "pyproject.toml::records", "-p", "no:randomly"]
    command += ["-k", "create_connected_rows and not mariadb", "-p", "no:xdist"]
    variables = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST") and k != "TUTORIAL_RECORDER_POSTGRESQL"  # CI's `require`
    }
    variables |= {programs.BIN_VARIABLE: str(folder)} | environ
    return subprocess.run(
        command, cwd=ROOT, env=variables, capture_output=True, text=True, check=False
    )


def test_the_server_folder_is_in_memory_only_with_room_to_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "MEMORY", str(tmp_path))
    monkeypatch.setattr(server, "MEMORY_NEEDED", 1)
    assert server._parent() == str(tmp_path)
    monkeypatch.setattr(server, "MEMORY_NEEDED", 1 << 60)  # more than any machine has
    assert server._parent() == tempfile.gettempdir()
    monkeypatch.setattr(server, "MEMORY", str(tmp_path / "missing"))
    monkeypatch.setattr(server, "MEMORY_NEEDED", 1)
    assert server._parent() == tempfile.gettempdir()
