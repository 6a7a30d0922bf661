"""The suite's MariaDB server: how it runs, how it stops, and how it fails.

Every way out of a process that started a server (its end, an uncaught error, SIGTERM,
Ctrl-C) leaves no ``mariadbd`` and no folder behind; a server that cannot start says why in
one message, and the tests on MariaDB are then skipped with it, or fail where MariaDB is
required.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.layout import ROOT
from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.mariadb import programs, server
from tutorial_recorder.databases.mariadb.server import Server
from tutorial_recorder.databases.registry import named
from tutorial_recorder.plugin.collected import available_or_skip

from .test_postgresql import alive
from .test_postgresql import postgres_processes_in as mariadbd_in

MARIADB = named("mariadb")
# A process that starts a server (in a thread with `threaded`, as recordings started ahead
# do), prints its folder and the server's process id, then does `then`.
STARTS = """
import os, signal, sys, time
from concurrent.futures import ThreadPoolExecutor
from tutorial_recorder.databases.mariadb import server
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal, even
# where the suite itself runs in the background (which ignores SIGINT in its children)
threaded = {threaded}
made = ThreadPoolExecutor(1).submit(server.start).result() if threaded else server.start()
print(made.folder, made.process.pid, flush=True)
{then}
"""


def session_server() -> Server:
    """The session's server, or a skip (a failure where MariaDB is required)."""
    available_or_skip(MARIADB)
    return server.shared()


@pytest.fixture(scope="session")
def mariadb() -> Server:
    return session_server()


def variables(mariadb: Server, *names: str) -> dict[str, str]:
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SELECT @@" + ", @@".join(names))
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(names, map(str, row), strict=True))


def test_the_server_listens_on_its_own_socket_only(mariadb: Server) -> None:
    assert variables(mariadb, "skip_networking", "port", "socket", "local_infile") == {
        "skip_networking": "1",
        "port": "0",
        "socket": str(mariadb.folder / programs.SOCKET),
        "local_infile": "0",
    }
    assert mariadb.socket.is_socket()
    assert not (mariadb.folder / programs.INIT_FILE).exists()  # root's password is gone


def test_root_on_the_socket_is_the_only_account_besides_the_steps(mariadb: Server) -> None:
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute(
            "SELECT User, Host, plugin FROM mysql.user WHERE User NOT LIKE 'companion\\_step\\_%'"
        )
        accounts = sorted(cursor.fetchall())
    assert accounts == [
        ("mariadb.sys", "localhost", "mysql_native_password"),  # locked: owns the sys views
        ("root", "localhost", "mysql_native_password"),
    ]
    with pytest.raises(ServerError, match="Access denied for user 'root'@'localhost'"):
        Server(mariadb.folder, password="wrong").connect()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root has the server run as another user")
def test_under_root_the_server_runs_as_the_mysql_user(mariadb: Server) -> None:
    assert mariadb.process is not None
    status = Path(f"/proc/{mariadb.process.pid}/status").read_text()
    [uid] = [line.split()[1] for line in status.splitlines() if line.startswith("Uid:")]
    assert int(uid) == programs.unprivileged_user().pw_uid  # type: ignore[union-attr]
    assert mariadb.folder.stat().st_uid == int(uid)


def test_databases_are_made_ahead_and_each_handed_out_once(mariadb: Server) -> None:
    first = mariadb.new_database()
    ahead = mariadb.spares()
    second = mariadb.new_database()
    try:
        assert len(ahead) == server.SPARES
        assert second == ahead[0]
        assert first not in ahead
    finally:
        mariadb.drop(first)
        mariadb.drop(second)
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SHOW DATABASES")
        shown = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT User FROM mysql.user")
        users = {name for (name,) in cursor.fetchall()}
    assert {first, second} & (shown | users) == set()


def test_stop_ends_the_server_and_deletes_the_folder() -> None:
    made = server.start()
    assert made.process is not None and alive(made.process.pid)
    for _ in range(2):  # the second stop has nothing left to do
        made.stop()
        gone = (alive(made.process.pid), made.folder.exists(), mariadbd_in(made.folder))
        assert gone == (False, False, [])


WAYS_OUT = {  # what the process does once its server is up, and how it then ends
    "exit": ("", 0, False),
    "uncaught-error": ("raise RuntimeError('the run failed')", 1, False),
    "sigterm": ("os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)", -signal.SIGTERM, False),
    "sigterm-started-in-a-thread": (
        "os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)",
        -signal.SIGTERM,
        True,
    ),
    "ctrl-c": ("time.sleep(30)", -signal.SIGINT, False),  # SIGINT sent from outside
}


@pytest.mark.parametrize("way", list(WAYS_OUT))
def test_every_way_out_stops_the_server(way: str) -> None:
    session_server()  # skipped, or failed, where MariaDB cannot start
    then, status, threaded = WAYS_OUT[way]
    script = STARTS.format(then=then, threaded=threaded)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    ) as child:
        assert child.stdout is not None
        folder, pid = child.stdout.readline().split()
        if way == "ctrl-c":
            child.send_signal(signal.SIGINT)
        assert child.wait(30) == status
    assert (alive(int(pid)), Path(folder).exists(), mariadbd_in(Path(folder))) == (
        False,
        False,
        [],
    )


def test_a_server_that_cannot_start_says_why_in_one_message_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    deep = tmp_path / ("d" * 90)  # the socket's path would pass the kernel's limit
    deep.mkdir()
    with pytest.raises(ServerError, match=r"socket path .* is longer than 107 bytes"):
        server.start(parent=deep)
    assert list(deep.iterdir()) == []
    with pytest.raises(ServerError) as missing:
        programs.programs([deep])
    assert str(missing.value) == (
        f"MariaDB's server programs were not found (looked in {deep}): install Debian's "
        "mariadb-server package (apt-get install mariadb-server)"
    )


SKIPPED = (
    "MariaDB is not available: MariaDB's server programs were not found (looked in {folder}): "
    "install Debian's mariadb-server package (apt-get install mariadb-server)"
)


@pytest.mark.parametrize("required", [False, True], ids=["skipped", "required"])
def test_without_mariadb_its_tests_are_skipped_with_the_reason_or_fail_when_required(
    tmp_path: Path, required: bool
) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environ.pop(server.REQUIRE_VARIABLE, None)  # CI's `require`
    environ[programs.BIN_VARIABLE] = str(tmp_path)
    if required:
        environ[server.REQUIRE_VARIABLE] = "require"
    selected = ["pyproject.toml::records", "-k", "create_connected_rows and not postgresql"]
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", *selected, "-p", "no:randomly", "-p", "no:xdist"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    if required:
        assert ran.returncode == 1
        assert "MariaDB is required but cannot start: MariaDB's server programs" in ran.stdout
        assert re.search(r"= 3 failed, 3 passed, \d+ deselected in ", ran.stdout)
    else:
        assert ran.returncode == 0, ran.stdout
        reason = re.escape(SKIPPED.format(folder=tmp_path))
        assert re.search(rf"^SKIPPED \[3\] \S+: {reason}$", ran.stdout, re.M)
        assert re.search(r"= 3 passed, 3 skipped, \d+ deselected in ", ran.stdout)


def test_the_folder_is_in_memory_where_there_is_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "MEMORY", str(tmp_path))
    monkeypatch.setattr(server, "MEMORY_NEEDED", 1)
    assert server._parent() == str(tmp_path)
    monkeypatch.setattr(server, "MEMORY_NEEDED", 1 << 60)
    assert server._parent() != str(tmp_path)
