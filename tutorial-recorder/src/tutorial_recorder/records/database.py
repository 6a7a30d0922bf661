"""A database's state as text, and queries against such a state.

The recorder writes the state of a module's database at the end of its run as a SQLite
dump (schema and rows, as SQL; each database makes its own, ``tutorial_recorder.databases``), the
module's second record. Pages show tables and run their SQL blocks against a fresh copy
loaded from that record, never against typed data.

A query touches nothing but that copy: an authorizer refuses ``ATTACH`` (which ``VACUUM
INTO`` needs too), ``DETACH``, ``load_extension`` and the pragmas that name folders, and a
progress handler stops a query that runs longer than ``LIMIT`` SQLite instructions (an
endless recursive CTE). The record itself is data too (a step can write any schema, and a
record can be edited by hand): the authorizer is set before its first statement runs, so
loading a state that attaches a file fails with ``REFUSED`` and touches nothing.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass

LIMIT = 5_000_000
_EVERY = 10_000
_FILES = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}
_FILE_PRAGMAS = {"temp_store_directory", "data_store_directory"}
REFUSED = "ATTACH, VACUUM INTO, DETACH, load_extension and directory pragmas touch files"


def load(state: str) -> sqlite3.Connection:
    """A new in-memory database holding ``state`` (a dump, or "" for an empty one), under the
    authorizer from its first statement; ``sqlite3.DatabaseError`` naming what is refused
    if the state would touch a file."""
    connection = sqlite3.connect(":memory:")
    connection.set_authorizer(_authorize)
    if sys.version_info >= (3, 11):  # the authorizer refuses ATTACH on 3.10 already
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    try:
        connection.executescript(state)
    except sqlite3.DatabaseError as error:
        connection.close()
        if "authoriz" in str(error):
            raise sqlite3.DatabaseError(f"{error}: {REFUSED}") from None
        raise
    return connection


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[object, ...]]

    def markdown(self) -> list[str]:
        """The result as a Markdown table; NULL shown as ``NULL``."""
        if not self.columns:
            return []
        lines = [_row(self.columns), _row(["---"] * len(self.columns))]
        lines += [_row(["NULL" if v is None else str(v) for v in row]) for row in self.rows]
        return lines


def query(state: str, sql: str) -> Result:
    """Run ``sql`` (one or more statements) on a copy of ``state``; the last one's rows."""
    connection = load(state)
    steps = iter(range(LIMIT // _EVERY))
    connection.set_progress_handler(lambda: next(steps, None) is None, _EVERY)
    try:
        statements = _split(sql)
        if not statements:
            raise sqlite3.OperationalError("no SQL statement")
        for statement in statements[:-1]:
            connection.execute(statement)
        cursor = connection.execute(statements[-1])
        columns = [column[0] for column in cursor.description or ()]
        return Result(columns, cursor.fetchall())
    except sqlite3.DatabaseError as error:
        if str(error) == "interrupted":
            raise sqlite3.OperationalError(f"stopped after {LIMIT:,} SQLite steps") from None
        if "authoriz" in str(error):
            raise sqlite3.DatabaseError(f"{error}: {REFUSED}") from None
        raise
    finally:
        connection.close()


def _authorize(action: int, first: str | None, second: str | None, *_: object) -> int:
    """Refuse what would read or write a file besides the in-memory copy."""
    if action in _FILES or (action == sqlite3.SQLITE_PRAGMA and first in _FILE_PRAGMAS):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and second == "load_extension":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def table(state: str, name: str) -> Result:
    """Every row of table ``name`` in ``state``, in rowid order."""
    return query(state, f'SELECT * FROM "{name}" ORDER BY rowid')


def _split(sql: str) -> list[str]:
    statements: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
