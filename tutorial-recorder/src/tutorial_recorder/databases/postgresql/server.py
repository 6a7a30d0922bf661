"""A PostgreSQL server started by this process, and a database of its own for each step.

``start()`` finds the server programs of Debian's ``postgresql`` package (they are not on
PATH), runs ``initdb`` into a new temporary folder (in memory, under ``/dev/shm``, where
there is one) and starts ``postgres`` on a Unix socket
in that folder, with no TCP port (``listen_addresses=''``). PostgreSQL refuses to run as
root, so under root the server runs as the ``postgres`` user (or ``nobody``), which then
owns the folder. ``initdb`` and the server run in sessions of their own, so a Ctrl-C in the
terminal reaches this process only, which then stops them itself.

Every connection authenticates with a password (``scram-sha-256``; never ``trust``). The
superuser's is made at start and stays in this process's memory; no step is given it.

``stop()`` ends the server and deletes its folder. Every server this process starts is
stopped at exit, on SIGTERM and SIGHUP, and when starting it fails or is interrupted at any
moment, ``initdb`` included, leaving nothing in the folder's parent or in ``/dev/shm``
(``programs.end_session``); a forked child never stops its parent's server. ``shared()`` is
the process's one server, started on first use (a test session's server).

``Server.new_database()`` gives a role and a database owned by it: the role has a password
of its own and no other power (not a superuser, no new roles or databases), and may connect
to its database only: not to ``postgres`` or ``template1`` (whose ``CONNECT`` is revoked
from ``PUBLIC`` at start), nor to another step's. ``drop`` removes both, whatever the step
left: its sessions are ended and what it owns elsewhere is dropped first. A thread of the
server's own keeps ``SPARES`` such databases made ahead, on a connection of its own, while
the steps run, so a step does not wait for the copy of the template; each is handed out
once. Anything that goes wrong raises ``ServerError`` with one
clear message.
"""

from __future__ import annotations

import atexit
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

from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.postgresql import passwords
from tutorial_recorder.databases.postgresql.programs import (
    PORT,
    SUPERUSER,
    as_user,
    begin_initdb,
    end_session,
    finish_initdb,
    last_line,
    launch,
    programs,
    unprivileged_user,
)

if TYPE_CHECKING:
    import psycopg

SOCKET_LIMIT = 107  # bytes in a Unix socket's path (``sun_path`` holds 108 with its NUL)
START_WAIT = 30.0
STOP_WAIT = 10.0
REQUIRE_VARIABLE = "TUTORIAL_RECORDER_POSTGRESQL"
SPARES = 2
MEMORY = "/dev/shm"
MEMORY_NEEDED = 1 << 30  # the data (about 40 MB) and every step's database, with room to spare
_NAMES = itertools.count(1)


@dataclass(eq=False)
class Server:
    """A running server: its folder holds the data, the socket and the log."""

    folder: Path
    process: subprocess.Popen[bytes] | None = None
    initdb: subprocess.Popen[bytes] | None = None
    owner: int = field(default_factory=os.getpid)
    password: str = field(default_factory=passwords.new, repr=False)
    _passwords: dict[str, str] = field(default_factory=dict, repr=False)
    _admin: list[psycopg.Connection] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _maker: ThreadPoolExecutor | None = field(default=None, repr=False)
    _making: list[psycopg.Connection] = field(default_factory=list, repr=False)
    _spares: list[Future[str]] = field(default_factory=list, repr=False)
    _spares_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def socket(self) -> Path:
        return self.folder / f".s.PGSQL.{PORT}"

    def url(self, database: str, role: str = SUPERUSER) -> str:
        """The SQLAlchemy URL of ``database`` on this server, for psycopg 3, with ``role``'s
        password (hexadecimal: nothing to escape)."""
        password = self._password_of(role)
        return f"postgresql+psycopg://{role}:{password}@/{database}?host={self.folder}"

    def step_url(self, name: str) -> str:
        """The URL of a step's database ``name``, connecting as its own role: the one
        password the step is given."""
        return self.url(name, role=name)

    def connect(self, database: str = "postgres", role: str = SUPERUSER) -> psycopg.Connection:
        """A new autocommit connection, as ``role`` (the superuser, or a step's role)."""
        import psycopg

        try:
            return psycopg.connect(
                host=str(self.folder),
                port=PORT,
                dbname=database,
                user=role,
                password=self._password_of(role),
                autocommit=True,
            )
        except psycopg.OperationalError as error:
            raise ServerError(f"cannot connect to PostgreSQL in {self.folder}: {error}") from None

    def connect_as_step(self, name: str) -> psycopg.Connection:
        """A connection to step database ``name`` with the step's own rights (for its dump),
        once its role's password and its right to connect are as they were made: a step may
        change both for itself."""
        from psycopg import sql

        role = sql.Identifier(name)
        with self.admin() as admin:
            admin.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    role, sql.Literal(passwords.verifier(self._passwords[name]))
                )
            )
            admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(role, role))
            admin.execute(sql.SQL("ALTER DATABASE {} WITH CONNECTION LIMIT -1").format(role))
        return self.connect(name, role=name)

    def _password_of(self, role: str) -> str:
        return self.password if role == SUPERUSER else self._passwords[role]

    @contextmanager
    def admin(self) -> Iterator[psycopg.Connection]:
        """The superuser's one connection, for one thread at a time (a new connection costs
        the server a process)."""
        with self._lock:
            if not self._admin or self._admin[0].closed:
                self._admin[:] = [self.connect()]
            yield self._admin[0]

    def new_database(self) -> str:
        """A new, empty database and its owner role, both named by the returned name: one
        of the spares, and another spare started in its place."""
        with self._spares_lock:
            if self._maker is None:
                self._maker = ThreadPoolExecutor(1, "postgresql-spares")
            while len(self._spares) <= SPARES:
                self._spares.append(self._maker.submit(self._make_database))
            coming = self._spares.pop(0)
        return coming.result()

    def spares(self) -> list[str]:
        """The names of the databases made ahead and not handed out yet, once they are made."""
        with self._spares_lock:
            coming = list(self._spares)
        return [spare.result() for spare in coming]

    def _make_database(self) -> str:
        """Make a database and its role, on the maker thread's own connection."""
        import psycopg
        from psycopg import sql

        name = f"step_{os.getpid()}_{next(_NAMES)}"
        self._passwords[name] = passwords.new()
        if not self._making or self._making[0].closed:
            self._making[:] = [self.connect()]
        making = self._making[0]
        # a file copy of the small template is faster than the WAL-logged copy PostgreSQL
        # 15 makes by default (and older servers make no other)
        strategy = " STRATEGY WAL_LOG" if making.info.server_version >= 150000 else ""
        own = sql.Identifier(name)
        password = sql.Literal(passwords.verifier(self._passwords[name]))
        try:
            making.execute(
                sql.SQL("CREATE ROLE {} {} PASSWORD {}").format(own, sql.SQL(STEP_ROLE), password)
            )
            making.execute(sql.SQL("CREATE DATABASE {} OWNER {}" + strategy).format(own, own))
            making.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(own))
        except psycopg.Error as error:
            raise ServerError(f"cannot make a database in {self.folder}: {error}") from None
        return name

    def drop(self, name: str) -> None:
        """Remove the database ``name`` and its role, whatever the step left: every session
        of the role is ended (its temporary objects go with it), then what the role owns or
        was granted in any other database, then the database and the role."""
        from psycopg import sql

        role = sql.Identifier(name)
        with self.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                "WHERE (usename = %s OR datname = %s) AND pid <> pg_backend_pid()",
                (name, name),
            )
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(role))
            places = admin.execute(ELSEWHERE, (name,)).fetchall()
            for (place,) in places:
                with self.connect(place) as there:
                    there.execute(sql.SQL("DROP OWNED BY {}").format(role))
            if admin.execute("SELECT FROM pg_roles WHERE rolname = %s", (name,)).fetchall():
                admin.execute(sql.SQL("DROP OWNED BY {}").format(role))
                admin.execute(sql.SQL("DROP ROLE {}").format(role))
        self._passwords.pop(name, None)

    def stop(self) -> None:
        """End the server (fast shutdown, then kill) and delete its folder; again is a no-op."""
        if os.getpid() != self.owner:
            return
        if self._maker is not None:
            self._maker.shutdown(wait=True, cancel_futures=True)
        for connection in self._admin + self._making:
            connection.close()
        if self.initdb is not None:  # nothing in its data is kept: no need to wait for it
            end_session(self.initdb)
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                end_session(process)
        shutil.rmtree(self.folder, ignore_errors=True)
        if self in _RUNNING:
            _RUNNING.remove(self)


def start(parent: Path | None = None, bin_folder: Path | None = None) -> Server:
    """Start a new server in a new folder under ``parent`` (the temporary folder by default)."""
    bin_folder = bin_folder if bin_folder is not None else programs()
    _require_driver()
    user = unprivileged_user()
    base = Path(parent if parent is not None else _parent())
    try:
        folder = Path(tempfile.mkdtemp(prefix="pg-", dir=base))
    except OSError as error:
        raise ServerError(f"cannot make PostgreSQL's folder in {base}: {error.strerror}") from None
    server = Server(folder)
    _watch(server)
    try:
        if len(os.fsencode(server.socket)) > SOCKET_LIMIT:
            raise ServerError(
                f"PostgreSQL's socket path {server.socket} is longer than {SOCKET_LIMIT} bytes: "
                "set TMPDIR to a shorter folder"
            )
        runner = as_user(user, folder)
        server.initdb = begin_initdb(bin_folder, folder, runner, server.password)
        finish_initdb(server.initdb, folder)
        server.initdb = None
        server.process = launch(bin_folder, folder, runner)
        _wait_until_ready(server)
        with server.admin() as admin:
            admin.execute("REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC")
    except KeyboardInterrupt:
        server.stop()
        print(_STOPPED.format(folder=folder, why="its start was interrupted"), file=sys.stderr)
        raise
    except BaseException:
        server.stop()
        raise
    return server


STEP_ROLE = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
ELSEWHERE = (  # the other databases where a role owns something or was granted something
    "SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid "
    "WHERE s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = %s) "
    "AND d.datname <> current_database() AND d.datallowconn"
)
_STOPPED = "PostgreSQL's server stopped ({why}): nothing of it is left ({folder} removed)"


_SHARED: list[Server | ServerError] = []
_SHARED_LOCK = threading.Lock()


def shared() -> Server:
    """This process's one server, started on first use; a failure to start is remembered and
    raised again, so a session tries once."""
    with _SHARED_LOCK:
        if not _SHARED:
            try:
                _SHARED.append(start())
            except ServerError as error:
                _SHARED.append(error)
        found = _SHARED[0]
    if isinstance(found, ServerError):
        raise found
    return found


def _parent() -> str:
    """Where a server's folder goes by default: ``/dev/shm`` (memory) when it is there to
    write in, with ``MEMORY_NEEDED`` free, else the temporary folder. A throwaway server
    needs no disk, and on disk ``CREATE DATABASE`` costs about 0.2 s of the kernel's time
    instead of 0.01 s."""
    if os.path.isdir(MEMORY) and os.access(MEMORY, os.W_OK | os.X_OK):
        free = os.statvfs(MEMORY)
        if free.f_bavail * free.f_frsize >= MEMORY_NEEDED:
            return MEMORY
    return tempfile.gettempdir()


def required() -> bool:
    """Whether PostgreSQL must be there (``TUTORIAL_RECORDER_POSTGRESQL=require``, as in CI): then a
    server that cannot start is a failure, not a skip."""
    return os.environ.get(REQUIRE_VARIABLE) == "require"


def _require_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ServerError(
            "psycopg, the PostgreSQL driver, is not installed: `./scripts/uv sync` installs "
            "the project's postgresql group"
        ) from None


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + START_WAIT
    while True:
        assert server.process is not None
        if server.process.poll() is not None:
            log = (server.folder / "server.log").read_text(errors="replace")
            raise ServerError(f"PostgreSQL stopped while starting: {last_line(log)}")
        if server.socket.exists():
            try:
                server.connect().close()
                return
            except ServerError:
                pass
        if time.monotonic() > deadline:
            raise ServerError(f"PostgreSQL did not accept connections within {START_WAIT:g} s")
        time.sleep(0.02)


_RUNNING: list[Server] = []
_PREVIOUS: dict[int, object] = {}


def _watch(server: Server) -> None:
    """Stop ``server`` on every way out: at exit, and on SIGTERM or SIGHUP (``_on_signal``)."""
    _RUNNING.append(server)


def _watch_signals() -> None:
    """On SIGTERM and SIGHUP, stop this process's servers, then let the signal's earlier
    handler run, or its default action. Installed when this module is imported, which must
    be in the main thread: a server may be started in any thread, and a handler can only be
    set in the main one."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)
        if previous is not signal.SIG_IGN:  # an ignored signal stays ignored
            _PREVIOUS[signum] = signal.signal(signum, _on_signal)


def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    for server in list(_RUNNING):
        if os.getpid() == server.owner:
            server.stop()
            why = f"{signal.Signals(signum).name} received"
            print(_STOPPED.format(folder=server.folder, why=why), file=sys.stderr)
    previous = _PREVIOUS.get(signum)
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


atexit.register(_stop_all)
_watch_signals()
