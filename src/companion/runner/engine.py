"""Point every engine a module creates at one in-memory SQLite database.

A module says ``create_engine("sqlite:///database.db", echo=True)``; during a recorded run
that call gets an engine on an in-memory database instead, with every other argument kept,
so no file is created or touched. All engines of one run share the same connection, as
they would share the same file. Any database that is not SQLite is refused before a
connection is tried.

``file_engines(path)`` does the same with the SQLite file ``path`` in place of the
in-memory database: the command line's ``run --db FILE``, for a learner who wants to open
the database afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import sqlalchemy
import sqlmodel
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool


class EngineRefused(RuntimeError):
    """The module asked for a database the recorder does not replace."""


@contextmanager
def in_memory_engines() -> Iterator[sqlite3.Connection]:
    """Patch ``create_engine`` for the block; yields the database's one connection."""
    with _shared_engines(":memory:") as connection:
        yield connection


@contextmanager
def file_engines(path: Path) -> Iterator[sqlite3.Connection]:
    """As ``in_memory_engines``, on the SQLite file ``path`` (created if it does not exist)."""
    with _shared_engines(str(path.resolve())) as connection:
        yield connection


@contextmanager
def _shared_engines(database: str) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(database, check_same_thread=False)
    real_create_engine = sqlalchemy.create_engine
    urls: list[str] = []

    def create_engine(url: Any, *args: Any, **kwargs: Any) -> sqlalchemy.Engine:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite":
            raise EngineRefused(f"tutorial modules use SQLite; this one asked for {parsed!r}")
        urls.append(str(parsed))
        if urls[0] != urls[-1]:
            raise EngineRefused(f"a second database {urls[-1]!r} besides {urls[0]!r}")
        kwargs.pop("connect_args", None)
        return real_create_engine(
            "sqlite://", *args, creator=lambda: connection, poolclass=StaticPool, **kwargs
        )

    try:
        with ExitStack() as stack:
            for owner in (sqlalchemy, sqlalchemy.engine, sqlmodel):
                stack.enter_context(mock.patch.object(owner, "create_engine", create_engine))
            yield connection
    finally:
        connection.close()
