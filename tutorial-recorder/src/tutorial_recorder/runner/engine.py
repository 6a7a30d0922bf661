"""Point a recorded step's engines at the step's own database.

A module says ``create_engine("sqlite:///database.db", echo=True)``; in a recorded step that
call gets the same engine on the step's database file, in its temporary folder (or the
file ``companion run --db FILE`` names, or ``url`` when one is given), with every other
argument the module passed (``echo``, ``poolclass``, ``connect_args`` ...) kept. A real run
would write ``database.db`` in its working folder; the recording writes it where the
supervisor reads it afterwards, with a new connection, as the next run would.

``sqlite://`` (in memory) stays in memory, as it would. Every SQLite file URL of the run is
the one database; a second, different one is refused, and so is any database that is not
SQLite, before a connection is tried (no dialect is loaded, no host looked up).

``create_async_engine`` is redirected the same way (``_redirect_async``): the URL's async
driver (``sqlite+aiosqlite``) stays, so an async module gets the same database, echo and
refusals as a sync one; at exit it waits a moment for the worker threads of the
connections the module closed (``_let_closed_connections_end``).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import sqlalchemy
import sqlalchemy.ext.asyncio
import sqlmodel
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from tutorial_recorder.databases.sqlite import SQLite


class EngineRefused(RuntimeError):
    """The module asked for a database the recorder does not replace."""


def redirect(database: Path, *, url: str | None = None) -> None:
    """From now on, in this process, every engine the module creates uses ``database``
    (or ``url``)."""
    real_create_engine = sqlalchemy.create_engine
    asked: list[str] = []

    def create_engine(given: Any, *args: Any, **kwargs: Any) -> sqlalchemy.Engine:
        return real_create_engine(_target(given, asked, database, url), *args, **kwargs)

    for owner in (sqlalchemy, sqlalchemy.engine, sqlmodel):
        mock.patch.object(owner, "create_engine", create_engine).start()
    _redirect_async(lambda given: _target(given, asked, database, url))


def _target(given: Any, asked: list[str], database: Path, url: str | None) -> URL | str:
    parsed = make_url(given)
    if parsed.get_backend_name() != SQLite.name:
        raise EngineRefused(f"tutorial modules use SQLite; this one asked for {parsed!r}")
    if parsed.database in (None, "", ":memory:"):
        return parsed
    asked.append(str(parsed))
    if asked[0] != asked[-1]:
        raise EngineRefused(f"a second database {asked[-1]!r} besides {asked[0]!r}")
    if url is not None:
        return url
    return parsed.set(database=str(database))


def _redirect_async(target: Callable[[Any], URL | str]) -> None:
    """``create_async_engine``, where a module imports it from, on ``target(url)``: for a
    SQLite file URL that is the step's database with the module's driver kept. The first
    async engine also registers ``_let_closed_connections_end`` to run at exit."""
    real_create_async_engine = sqlalchemy.ext.asyncio.create_async_engine
    registered: list[bool] = []

    def create_async_engine(given: Any, *args: Any, **kwargs: Any) -> AsyncEngine:
        if not registered:
            atexit.register(_let_closed_connections_end)
            registered.append(True)
        return real_create_async_engine(target(given), *args, **kwargs)

    for owner in (sqlalchemy.ext.asyncio, sqlalchemy.ext.asyncio.engine):
        mock.patch.object(owner, "create_async_engine", create_async_engine).start()


AIOSQLITE_WORKER = "(_connection_worker_thread)"
"""How the name of aiosqlite's worker thread ends (``Thread-1 (_connection_worker_thread)``),
from aiosqlite 0.21 on; before, each connection was a ``Thread`` of aiosqlite's own."""
GRACE = 1.0


def _let_closed_connections_end() -> None:
    """At exit, wait up to ``GRACE`` seconds for each of aiosqlite's worker threads.

    SQLAlchemy makes them daemon threads. Closing a connection (``await engine.dispose()``)
    tells its thread to stop, and the module's code can end a moment before the thread does,
    which would make the step fail as one that leaves a daemon thread running. The thread of
    a connection still open does not end in that time, and the step fails as it should.
    """
    for thread in threading.enumerate():
        if thread.daemon and is_aiosqlite_worker(thread):
            thread.join(GRACE)


def is_aiosqlite_worker(thread: threading.Thread) -> bool:
    """Whether ``thread`` runs an aiosqlite connection, in any of its versions."""
    own = type(thread).__module__.partition(".")[0] == "aiosqlite"
    return own or thread.name.endswith(AIOSQLITE_WORKER)
