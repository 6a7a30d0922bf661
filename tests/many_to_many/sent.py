"""Helpers for the many-to-many claims: statements paired with their parameters, writes,
and the database a run left behind."""

from __future__ import annotations

import ast
import re
import sqlite3
from dataclasses import dataclass

from companion import database
from companion.reading import Reading

_BADGE = re.compile(r"^\[[^\]]*\] ?")
_READS = ("SELECT", "BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")


@dataclass(frozen=True)
class Sent:
    statement: str
    parameters: object  # a tuple, a list of tuples (executemany), or None


def sent_between(reading: Reading, first: str, second: str | None) -> list[Sent]:
    """The statements, with their parameters as Python values, sent after the printed line
    starting with ``first`` and before the next printed line starting with ``second``
    (``None``: up to the end of the run)."""
    items = list(reading.items)
    starts = [
        i for i, item in enumerate(items) if item.kind == "printed" and item.text.startswith(first)
    ]
    assert starts, f"no printed line starting with {first!r}"
    result: list[Sent] = []
    for index in range(starts[0] + 1, len(items)):
        item = items[index]
        if second is not None and item.kind == "printed" and item.text.startswith(second):
            return result
        if item.kind != "sql":
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        values = None
        if following is not None and following.kind == "parameters":
            values = ast.literal_eval(_BADGE.sub("", following.text))
        result.append(Sent(item.text, values))
    if second is None:
        return result
    raise AssertionError(f"no printed line starting with {second!r} after {first!r}")


def is_write(statement: str) -> bool:
    """Anything that is not a read or transaction bookkeeping changes the database."""
    return not statement.startswith(_READS)


def writes(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if is_write(s.statement)]


def rows(state: str, query: str) -> list[tuple[object, ...]]:
    """The rows ``query`` returns on the database a run left (its ``.db.sql`` record)."""
    connection: sqlite3.Connection = database.load(state)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()
