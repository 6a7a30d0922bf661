"""A MariaDB server started by this process, and a database and user of its own for each step.

``start()`` finds ``mariadb-install-db`` and ``mariadbd`` (Debian's ``mariadb-server``
package), installs a new data folder into a new temporary folder (under ``/dev/shm``, in
memory, where there is room) and starts ``mariadbd`` on a Unix socket in that folder with
no TCP port (``--skip-networking``). Under root both run as the ``mysql`` user, which then
owns the folder; both run in sessions of their own, so a Ctrl-C in the terminal reaches
this process only, which then stops them itself.

The root account's password is made here and stays in this process's memory: the init file
that sets it (``mariadbd --init-file``, run before the server takes a connection) is deleted
once the server answers, and every other account ``mariadb-install-db`` made is dropped
then. No step is given it.

``Server.new_database()`` gives a database and a user of the same name: the user has a
password of its own and every right on that database (``ALL`` there, its name escaped so
that no ``_`` in it is a wildcard) and on nothing else: no ``FILE`` (so no ``LOAD DATA
INFILE`` and no ``SELECT ... INTO OUTFILE``; ``--local-infile=0`` refuses ``LOAD DATA
LOCAL`` too), no other database, no ``mysql`` schema. A thread of the server's own keeps
``SPARES`` of them made ahead while the steps run; each is handed out once. ``drop`` ends
the user's sessions and removes both.

``stop()`` kills the server's session and deletes its folder; every server this process
starts is stopped at exit, on SIGTERM and SIGHUP, and when its start fails or is
interrupted, leaving no ``mariadbd``. A forked child never stops its parent's server.
``shared()`` is the process's one server, started on first use.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from urllib.parse import quote

from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.mariadb import programs
from tutorial_recorder.databases.postgresql import passwords
from tutorial_recorder.databases.postgresql.programs import as_user, end_session, last_line

if TYPE_CHECKING:
    import pymysql

DRIVER = "companion"
"""The steps' dialect in their URLs (``mysql+companion://``): the ``mysql.companion`` entry
point of tutorial-recorder's ``pyproject.toml``, ``tutorial_recorder.databases.mariadb.dialect``,
named here so that naming it imports no SQLAlchemy."""

ROOT = "root"
REQUIRE_VARIABLE = "TUTORIAL_RECORDER_MARIADB"
SOCKET_LIMIT = 107  # bytes in a Unix socket's path (``sun_path`` holds 108 with its NUL)
START_WAIT = 30.0
END_WAIT = 5.0
SPARES = 2
MEMORY = "/dev/shm"
PREFIX = "mariadb-"  # of the server's folder
MEMORY_NEEDED = 1 << 29  # the data (about 30 MB) and every step's database, with room to spare
_NAMES = itertools.count(1)


def quoted(identifier: str) -> str:
    """``identifier`` as a MariaDB name (backquoted)."""
    return "`" + identifier.replace("`", "``") + "`"


def account(name: str) -> str:
    """The account ``name`` has on the socket: ``'name'@'localhost'``."""
    return f"{quoted(name)}@'localhost'"


@dataclass(eq=False)
class Server:
    """A running server: its folder holds the data, the socket and the log."""

    folder: Path
    password: str = field(default_factory=passwords.new, repr=False)
    """Root's, which no step is given."""
    install: subprocess.Popen[bytes] | None = None
    process: subprocess.Popen[bytes] | None = None
    owner: int = field(default_factory=os.getpid)
    """The process that started it, the only one that stops it."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _admin: list[pymysql.Connection[pymysql.cursors.Cursor]] = field(default_factory=list)
    _passwords: dict[str, str] = field(default_factory=dict, repr=False)
    _maker: ThreadPoolExecutor | None = field(default=None, repr=False)
    _coming: list[Future[str]] = field(default_factory=list, repr=False)
    _coming_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def socket(self) -> Path:
        return self.folder / programs.SOCKET

    def url(self, database: str, user: str = ROOT) -> str:
        """The SQLAlchemy URL of ``database`` for PyMySQL, as ``user`` with its password
        (hexadecimal: nothing to escape)."""
        socket = quote(str(self.socket), safe="/")
        password = self._password_of(user)
        return f"mysql+{DRIVER}://{user}:{password}@localhost/{database}?unix_socket={socket}"

    def step_url(self, name: str) -> str:
        """The URL of step database ``name`` as its own user: the one password a step gets."""
        return self.url(name, user=name)

    def connect(
        self, database: str = "", user: str = ROOT
    ) -> pymysql.Connection[pymysql.cursors.Cursor]:
        """A new autocommit connection, as ``user`` (root, or a step's user)."""
        import pymysql

        try:
            return pymysql.connect(
                unix_socket=str(self.socket),
                user=user,
                password=self._password_of(user),
                database=database or None,
                autocommit=True,
                charset="utf8mb4",
            )
        except pymysql.Error as error:
            raise ServerError(f"cannot connect to MariaDB in {self.folder}: {error}") from None

    def connect_as_step(self, name: str) -> pymysql.Connection[pymysql.cursors.Cursor]:
        """A connection to step database ``name`` with the step's own rights (for its dump),
        once its password is the one it was made with: a step may change its own."""
        with self.admin() as admin, admin.cursor() as cursor:
            cursor.execute(f"ALTER USER {account(name)} IDENTIFIED BY %s", (self._passwords[name],))
        return self.connect(name, user=name)

    def _password_of(self, user: str) -> str:
        return self.password if user == ROOT else self._passwords[user]

    @contextmanager
    def admin(self) -> Iterator[pymysql.Connection[pymysql.cursors.Cursor]]:
        """Root's one connection, for one thread at a time."""
        with self._lock:
            if not self._admin or not self._admin[0].open:
                self._admin[:] = [self.connect()]
            yield self._admin[0]

    def new_database(self) -> str:
        """A new, empty database and its user, both named by the returned name: one made
        ahead, and another started in its place."""
        with self._coming_lock:
            maker = self._maker = self._maker or ThreadPoolExecutor(1, "mariadb-spares")
            wanted = SPARES + 1 - len(self._coming)
            self._coming += [maker.submit(self._make_database) for _ in range(wanted)]
            first = self._coming.pop(0)
        return first.result()

    def spares(self) -> list[str]:
        """The databases made ahead and not handed out yet, once they are made."""
        with self._coming_lock:
            return list(map(Future.result, self._coming))

    def _make_database(self) -> str:
        import pymysql

        name = f"companion_step_{os.getpid()}_{next(_NAMES)}"
        password = self._passwords[name] = passwords.new()
        pattern = quoted(name.replace("_", "\\_"))  # in GRANT, `_` matches any character
        statements = [
            (f"CREATE USER {account(name)} IDENTIFIED BY %s", (password,)),
            (f"CREATE DATABASE {quoted(name)}", ()),
            (f"GRANT ALL PRIVILEGES ON {pattern}.* TO {account(name)}", ()),
        ]
        try:
            with self.admin() as admin, admin.cursor() as cursor:
                for statement, arguments in statements:
                    cursor.execute(statement, arguments)
        except pymysql.Error as error:
            raise ServerError(f"cannot make a database in {self.folder}: {error}") from None
        return name

    def end_sessions(self, name: str) -> None:
        """End every connection of user ``name`` and wait until they are gone, so an
        unfinished transaction of the step leaves nothing, as at the end of its process."""
        import pymysql

        deadline = time.monotonic() + END_WAIT
        with self.admin() as admin, admin.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(SESSIONS, (name,))
                ids = [row[0] for row in cursor.fetchall()]
                if not ids:
                    return
                for session in ids:
                    with contextlib.suppress(pymysql.Error):  # it ended meanwhile
                        cursor.execute(f"KILL CONNECTION {int(session)}")
                time.sleep(0.005)
        raise ServerError(f"the sessions of {name} on MariaDB did not end within {END_WAIT:g} s")

    def drop(self, name: str) -> None:
        """Remove database ``name`` and its user, whatever the step left."""
        self.end_sessions(name)
        with self.admin() as admin, admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)}")
            cursor.execute(f"DROP USER IF EXISTS {account(name)}")
        self._passwords.pop(name, None)

    def stop(self) -> None:
        """Kill the server's session (nothing in it is kept) and delete its folder; again
        is a no-op."""
        if os.getpid() != self.owner:
            return
        if self._maker is not None:
            self._maker.shutdown(wait=True, cancel_futures=True)
        for connection in self._admin:
            if connection.open:
                connection.close()
        self._admin.clear()
        for process in (self.install, self.process):
            if process is not None:
                end_session(process)
        shutil.rmtree(self.folder, ignore_errors=True)
        if self in _RUNNING:
            _RUNNING.remove(self)


SESSIONS = "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = %s AND ID <> CONNECTION_ID()"
OTHER_ACCOUNTS = (  # what mariadb-install-db made besides root on the socket and its own
    "SELECT User, Host FROM mysql.global_priv WHERE NOT (User = 'root' AND Host = 'localhost') "
    "AND User <> 'mariadb.sys'"
)


def start(parent: Path | None = None, found: tuple[Path, Path] | None = None) -> Server:
    """Start a new server in a new folder under ``parent`` (by default ``_parent()``)."""
    install_db, mariadbd = found if found is not None else programs.programs()
    _require_driver()
    user = programs.unprivileged_user()
    base = Path(parent if parent is not None else _parent())
    socket = base / f"{PREFIX}{'x' * 8}" / programs.SOCKET  # mkdtemp adds 8 characters
    if len(os.fsencode(socket)) > SOCKET_LIMIT:  # checked before anything is made
        raise ServerError(
            f"MariaDB's socket path {socket} is longer than {SOCKET_LIMIT} bytes: set TMPDIR "
            "to a shorter folder"
        )
    try:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
    except OSError as error:
        raise ServerError(f"cannot make MariaDB's folder in {base}: {error.strerror}") from None
    server = Server(folder)
    _RUNNING.append(server)
    try:
        runner = as_user(user, folder)
        server.install = programs.begin_install(install_db, mariadbd, folder, runner)
        programs.finish_install(server.install, folder)
        server.install = None
        init = programs.write_init_file(
            folder, runner, [f"ALTER USER root@localhost IDENTIFIED BY '{server.password}'"]
        )
        server.process = programs.launch(mariadbd, folder, runner)
        _wait_until_ready(server)
        init.unlink()
        with server.admin() as admin, admin.cursor() as cursor:
            cursor.execute(OTHER_ACCOUNTS)
            for name, host in cursor.fetchall():
                cursor.execute(f"DROP USER {quoted(name)}@{quoted(host)}")
    except BaseException as error:  # a Ctrl-C included: nothing of the server stays
        server.stop()
        if isinstance(error, KeyboardInterrupt):
            why = "its start was interrupted"
            print(_STOPPED.format(folder=folder, why=why), file=sys.stderr)
        raise
    return server


_STOPPED = "MariaDB's server stopped ({why}): nothing of it is left ({folder} removed)"
_SHARED_LOCK = threading.Lock()


@functools.cache
def _started_once() -> Server | ServerError:
    """The one server ``shared`` gives, or why it could not start (asked once: cached)."""
    try:
        return start()
    except ServerError as error:
        return error


def _once() -> Server | ServerError:
    with _SHARED_LOCK:  # one start, whichever thread asks first
        return _started_once()


def shared() -> Server:
    """This process's one server, started on first use; a failure to start is remembered and
    raised again, so a session tries once."""
    outcome = _once()
    if isinstance(outcome, Server):
        return outcome
    raise outcome


def why_not() -> str | None:
    """Why ``shared()`` has no server (it tries to start one first), or ``None``."""
    outcome = _once()
    return str(outcome) if isinstance(outcome, ServerError) else None


def _parent() -> str:
    """``/dev/shm`` when it may be written in and has ``MEMORY_NEEDED`` free, else the
    temporary folder."""
    usable = os.path.isdir(MEMORY) and os.access(MEMORY, os.W_OK | os.X_OK)
    room = usable and (lambda s: s.f_bavail * s.f_frsize)(os.statvfs(MEMORY)) >= MEMORY_NEEDED
    return MEMORY if room else tempfile.gettempdir()


def _require_driver() -> None:
    if importlib.util.find_spec("pymysql") is None:
        raise ServerError(
            "PyMySQL, the MariaDB driver, is not installed: `./scripts/uv sync` installs the "
            "project's mariadb group"
        )


def _wait_until_ready(server: Server) -> None:
    """Poll until root connects on the socket; the server's last words if it ends first."""
    assert server.process is not None
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() <= deadline:
        if server.process.poll() is not None:
            log = (server.folder / "server.log").read_text(errors="replace")
            raise ServerError(f"MariaDB stopped while starting: {last_line(log)}")
        with contextlib.suppress(ServerError):
            if server.socket.exists():
                server.connect().close()
                return
        time.sleep(0.02)
    raise ServerError(f"MariaDB did not accept connections within {START_WAIT:g} s")


_RUNNING: list[Server] = []
_EARLIER: dict[int, object] = {}


def _stop_running(why: str | None = None) -> None:
    """Stop every server this process started (not a parent's), saying so when ``why``."""
    for server in [s for s in _RUNNING if s.owner == os.getpid()]:
        server.stop()
        if why is not None:
            print(_STOPPED.format(folder=server.folder, why=why), file=sys.stderr)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Stop the servers, then hand the signal on: to the handler that was there before (the
    PostgreSQL server's, say), or to the default action."""
    _stop_running(f"{signal.Signals(signum).name} received")
    earlier = _EARLIER.get(signum, signal.SIG_DFL)
    if not callable(earlier):  # the default action: the signal again, with no handler
        signal.signal(signum, signal.SIG_DFL)
        earlier = lambda signum, frame: os.kill(os.getpid(), signum)  # noqa: E731
    earlier(signum, frame)


if threading.current_thread() is threading.main_thread():  # a handler is set there only
    for _signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(_signum) is not signal.SIG_IGN:  # an ignored signal stays so
            _EARLIER[_signum] = signal.signal(_signum, _on_signal)
atexit.register(_stop_running)
