"""Point every engine a module creates at the step's own PostgreSQL database.

The PostgreSQL counterpart of ``companion.runner.engine``. A module says
``create_engine("sqlite:///database.db", echo=True)``; during a run on PostgreSQL that call
gets an engine (psycopg 3) on a new database of the session's server
(``companion.postgres.server``) instead, connected as that database's own role, with every
other argument kept but SQLite's ``connect_args``. The module itself runs unmodified, so
code written for SQLite (a ``PRAGMA`` sent on connect) meets PostgreSQL as it is. A database
that is not SQLite, or a second one, is refused as on SQLite.

``dump()`` writes what a new connection sees once the run is over, in the format of
``companion.records.database``: tables in name order, each one's ``CREATE TABLE`` as
PostgreSQL reports it through SQLAlchemy's reflection, then its rows in primary-key order,
then the indexes in name order. The dump loads into SQLite, so the claim tests and the
pages read it as they read a SQLite one. Before the dump, the run's own connections are
ended, as its process ending would end them: an unfinished transaction leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import sqlalchemy
import sqlmodel
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url
from sqlalchemy.engine.create import create_engine as unpatched_create_engine
from sqlalchemy.schema import CreateIndex, CreateTable

from companion.postgres.server import Server, shared
from companion.records.normalise import normalise_dump
from companion.runner.engine import EngineRefused


@dataclass(frozen=True)
class StepDatabase:
    """The step's database on ``server``; ``name`` is also its owner role's name."""

    server: Server
    name: str

    def dump(self) -> str:
        return dump(self.server, self.name)


@contextmanager
def step_engines(server: Server | None = None) -> Iterator[StepDatabase]:
    """Patch ``create_engine`` for the block onto a new database, dropped afterwards."""
    server = shared() if server is None else server
    step = StepDatabase(server, server.new_database())
    urls: list[str] = []

    def create_engine(url: Any, *args: Any, **kwargs: Any) -> sqlalchemy.Engine:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite":
            raise EngineRefused(f"tutorial modules use SQLite; this one asked for {parsed!r}")
        urls.append(str(parsed))
        if urls[0] != urls[-1]:
            raise EngineRefused(f"a second database {urls[-1]!r} besides {urls[0]!r}")
        kwargs.pop("connect_args", None)
        return unpatched_create_engine(server.url(step.name, role=step.name), *args, **kwargs)

    try:
        with ExitStack() as stack:
            for owner in (sqlalchemy, sqlalchemy.engine, sqlmodel):
                stack.enter_context(mock.patch.object(owner, "create_engine", create_engine))
            yield step
    finally:
        server.drop(step.name)


def dump(server: Server, name: str) -> str:
    """The committed schema and rows of database ``name``, as SQL (see the module's docstring)."""
    with server.connect() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    engine = unpatched_create_engine(server.url(name), poolclass=sqlalchemy.NullPool)
    try:
        metadata = sqlalchemy.MetaData()
        metadata.reflect(engine)
        dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
        statements = ["BEGIN TRANSACTION;"]
        indexes: list[str] = []
        with engine.connect() as connection:
            for table in sorted(metadata.tables.values(), key=lambda t: t.name):
                for column in table.columns:
                    column.server_default = None  # a sequence's nextval(), not loadable in SQLite
                statements.append(f"{str(CreateTable(table).compile(dialect=dialect)).strip()};")
                order = list(table.primary_key.columns) or list(table.columns)
                for row in connection.execute(sqlalchemy.select(table).order_by(*order)):
                    values = ",".join(_literal(value) for value in row)
                    statements.append(f'INSERT INTO "{table.name}" VALUES({values});')
                indexes += [f"{CreateIndex(i).compile(dialect=dialect)};" for i in table.indexes]
        statements += sorted(indexes)
        statements.append("COMMIT;")
    finally:
        engine.dispose()
    return normalise_dump(statements)


def _literal(value: object) -> str:
    """``value`` as a SQL literal, written as SQLite's dump writes it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"
