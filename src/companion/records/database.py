"""A database's state as text, and queries against such a state.

The recorder writes the state of a module's database at the end of its run as a SQLite
dump (schema and rows, as SQL), the module's second record. Pages show tables and run
their SQL blocks against a fresh copy loaded from that record, never against typed data.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from companion.records.normalise import normalise_dump


def dump(connection: sqlite3.Connection) -> str:
    """The schema and every row, as the SQL that rebuilds them."""
    return normalise_dump(list(connection.iterdump()))


def load(state: str) -> sqlite3.Connection:
    """A new in-memory database holding ``state`` (a dump, or "" for an empty one)."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(state)
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
    try:
        statements = _split(sql)
        if not statements:
            raise sqlite3.OperationalError("no SQL statement")
        for statement in statements[:-1]:
            connection.execute(statement)
        cursor = connection.execute(statements[-1])
        columns = [column[0] for column in cursor.description or ()]
        return Result(columns, cursor.fetchall())
    finally:
        connection.close()


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
