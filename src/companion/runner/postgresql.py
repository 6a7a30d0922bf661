"""The step's own database on PostgreSQL, for recording it there too.

The PostgreSQL counterpart of ``companion.runner.engine``'s SQLite file. ``step_database()``
makes a new database and its owner role on the session's server
(``companion.postgres.server``), or a new database on a server the learner names by URL
(``companion.postgres.given``); the step is then recorded as on SQLite, with its
``sqlite:///...`` URL pointed at that database (``record(url=...)``: every other argument
the module passes is kept, and the module itself runs unmodified, so code written for
SQLite, such as a ``PRAGMA`` sent on connect, meets PostgreSQL as it is). Afterwards the
database and its role are dropped.

``dump()`` writes what a new connection sees once the run is over, in the format of
``companion.records.database``: tables in name order, each one's ``CREATE TABLE`` as
PostgreSQL reports it through SQLAlchemy's reflection, then its rows in primary-key order,
then the indexes in name order. The dump loads into SQLite, so the claim tests and the
pages read it as they read a SQLite one. Before the dump, any connection the run left is
ended, as the end of its process ends it: an unfinished transaction leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from companion.postgres.given import Given
from companion.postgres.server import Server, shared
from companion.records.normalise import normalise_dump

Host = Server | Given


@dataclass(frozen=True)
class StepDatabase:
    """The step's database ``name`` on ``server``."""

    server: Host
    name: str

    @property
    def url(self) -> str:
        return self.server.step_url(self.name)

    def dump(self) -> str:
        return dump(self.server, self.name)


@contextmanager
def step_database(on: str = "postgresql") -> Iterator[StepDatabase]:
    """A new database, dropped after the block: on the session's own server for
    ``"postgresql"``, or on the server of ``on``, a ``postgresql://`` URL naming an empty
    database there (``companion.postgres.given``)."""
    server: Host = shared() if on == "postgresql" else Given(on)
    step = StepDatabase(server, server.new_database())
    try:
        yield step
    finally:
        server.drop(step.name)


def dump(server: Host, name: str) -> str:
    """The committed schema and rows of database ``name``, as SQL (see the module's docstring)."""
    with server.connect() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    engine = sqlalchemy.create_engine(server.url(name), poolclass=sqlalchemy.NullPool)
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
