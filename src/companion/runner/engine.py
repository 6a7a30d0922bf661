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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import sqlalchemy
import sqlmodel
from sqlalchemy.engine import URL, make_url


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


def _target(given: Any, asked: list[str], database: Path, url: str | None) -> URL | str:
    parsed = make_url(given)
    if parsed.get_backend_name() != "sqlite":
        raise EngineRefused(f"tutorial modules use SQLite; this one asked for {parsed!r}")
    if parsed.database in (None, "", ":memory:"):
        return parsed
    asked.append(str(parsed))
    if asked[0] != asked[-1]:
        raise EngineRefused(f"a second database {asked[-1]!r} besides {asked[0]!r}")
    if url is not None:
        return url
    return parsed.set(database=str(database))
