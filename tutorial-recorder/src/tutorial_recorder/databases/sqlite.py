"""SQLite: a step's database is a file in its temporary folder (``tutorial_recorder.runner.engine``
points its engines there), which the supervisor dumps with a new connection when the step
has ended.

The dump is ``sqlite3``'s ``iterdump``, with each table's rows in primary-key order (rowid
order for a table without one): ``iterdump`` lists them in the order it reads the table,
which for a table whose key is not its rowid, a link table for one, is the order the rows
were inserted.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tutorial_recorder.databases.base import Database, StepDatabase
from tutorial_recorder.records.normalise import normalise_dump

_ROW = re.compile(r'^INSERT INTO "((?:[^"]|"")*)" VALUES\(')


class SQLite(Database):
    name = "sqlite"
    label = "SQLite"

    @contextmanager
    def step(self) -> Iterator[StepDatabase]:
        yield StepDatabase()


def dump_file(path: Path) -> str:
    """The database in the file ``path`` as a new connection sees it (committed rows only);
    an empty database's dump where there is no file."""
    if not path.is_file():
        return dump(sqlite3.connect(":memory:"))
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return dump(connection)


def dump(connection: sqlite3.Connection) -> str:
    """The schema and every row, as the SQL that rebuilds them."""
    return normalise_dump(list(_in_key_order(connection, connection.iterdump())))


def _in_key_order(connection: sqlite3.Connection, statements: Iterator[str]) -> Iterator[str]:
    """``statements``, each table's run of ``INSERT`` statements put in key order."""
    tables = {name for (name,) in connection.execute(_TABLES)}
    current: str | None = None
    for statement in statements:
        row = _ROW.match(statement)
        table = row.group(1).replace('""', '"') if row else None
        if table is not None and table in tables:
            if table != current:
                current = table
                yield from _rows(connection, table)
            continue
        current = None
        yield statement


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def _rows(connection: sqlite3.Connection, table: str) -> Iterator[str]:
    """The rows of ``table`` as ``iterdump`` writes them, in primary-key order."""
    name = _quoted(table)
    columns = connection.execute(f"PRAGMA table_info({name})").fetchall()
    key = [_quoted(column[1]) for column in sorted(columns, key=lambda c: c[5]) if column[5]]
    values = "||','||".join(f"quote({_quoted(column[1])})" for column in columns)
    text = f"'INSERT INTO {name.replace(chr(39), chr(39) * 2)} VALUES('||{values}||');'"
    order = ", ".join(key) if key else "rowid"
    for (statement,) in connection.execute(f"SELECT {text} FROM {name} ORDER BY {order}"):
        yield statement


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
