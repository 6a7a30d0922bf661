"""Every normalisation applied to a run's text, in one place.

A record must be the same bytes on every run, in every process, on every machine. Only
what is incidental changes; each rule below says what it removes and what it keeps.

1. Log timestamps. SQLAlchemy's echo handler starts each line with ``asctime``
   (``2026-11-21 20:00:00,123 INFO sqlalchemy.engine.Engine ...``). The timestamp is
   dropped; level, logger name and message stay.
2. Timing badges. The parameters line carries how long compiling took:
   ``[generated in 0.00011s]``, ``[cached since 2.1s ago]``, ``[no key 0.00009s]``.
   The number becomes ``...``; which badge it was (generated, cached, no key) stays,
   because it tells whether the statement cache was hit.
3. Trailing blank space at the end of a line (SQLAlchemy's DDL has ``, `` line ends).
4. Paths. A library's path has one spelling wherever its environment lives (in the
   project as ``.venv/`` or ``.nox/<set>/``, in a temporary folder, in the system):
   everything up to ``site-packages/`` or ``dist-packages/`` becomes ``<site-packages>/``.
   Then the standard library's folder becomes ``<stdlib>/``, the interpreter's prefix
   ``<prefix>/``, and last the project's root folder is dropped from what is left (so a
   library inside the project is never written ``.venv<site-packages>/``). Warnings read
   the same on every machine; file names and line numbers stay.
5. Object addresses: ``at 0x7f3a...`` becomes ``at 0x...``.
6. Tracebacks. The frames of an uncaught exception are paths and line numbers of the
   interpreter and libraries; they become ``  ...``. The header and the final
   ``Type: message`` (with SQLAlchemy's ``[SQL: ...]`` lines) stay, as in a doctest.
7. Index creation order. ``create_all`` creates a table's indexes in the order of a set,
   which changes from run to run. Consecutive ``CREATE INDEX`` statements (each with its
   parameters line) are sorted by their text; every statement stays.
8. Index order in a database dump (``normalise_dump``): SQLite lists indexes in creation
   order, which is the set order above; they are put in name order. Tables and rows
   already come sorted (tables by name, rows by rowid).
9. Row order of a link table's statement. When one flush writes many-to-many links of
   several objects, SQLAlchemy sends the link rows as one ``executemany`` whose rows come
   from iterating a ``set`` of the flushed objects' states (``UOWTransaction.mappers``,
   read unsorted by ``ManyToManyDP.process_saves``): their order follows memory addresses
   and changes from run to run, even in one process. Each row is a whole primary key,
   nothing is generated or returned, and the database ends the same in any order: the
   order carries no meaning. So the parameter list of an ``INSERT`` into or ``DELETE``
   from a link table (one the transcript creates with every column in its primary key and
   in a foreign key) is sorted by value when the echo shows it whole; every row stays.
   Lists of other tables keep their order, which is the order the objects were added.
10. Field order in model reprs. SQLModel prints a model's attributes in the order they
   were loaded, which changes from one process to the next (and between runs in one
   process). A run of ``key=value`` pairs whose keys all belong to one model of the run
   is put in the model's declaration order; the values are untouched.
11. Row keys of a batched insert on PostgreSQL. There the parameters of an ``INSERT`` sent
    as one batch (``(insertmanyvalues) 1/1``) are one dict, ``{'name__0': ..., 'age__0':
    ..., 'name__1': ...}``, and within each row the keys come in the order the object's
    attributes were set, which changes with the hash seed. The keys are put in row order
    (the ``__N`` suffix) and, within a row, in the order of the statement's column list
    (``INSERT INTO hero (name, secret_name, age, team_id)``); every key and value stays.
    A dict that cannot be read back as Python literals is left as it is.

The traceback (6) is collapsed first, then rules 1 to 5, 7, 9 and 11 apply in that order,
and the field order (10) last.
"""

from __future__ import annotations

import ast
import re
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class Rule(NamedTuple):
    """One rule of the docstring above, for the pages: what a terminal shows, what a record
    shows instead (Markdown)."""

    name: str
    terminal: str
    record: str


RULES = (
    Rule(
        "Log timestamps",
        "`2026-11-21 20:00:00,123 INFO sqlalchemy.engine.Engine ...`",
        "`INFO sqlalchemy.engine.Engine ...`",
    ),
    Rule("Timing badges", "`[generated in 0.00011s]`", "`[generated in ...s]`"),
    Rule("Trailing blank space", "spaces at the end of some lines", "no spaces there"),
    Rule(
        "Paths",
        "`/home/you/project/docs_src/...`, `/usr/lib/python3/site-packages/...`",
        "`docs_src/...`, `<site-packages>/...`",
    ),
    Rule("Object addresses", "`at 0x7f3a1c2b...`", "`at 0x...`"),
    Rule(
        "Tracebacks",
        "every frame of an uncaught exception",
        "`...` in place of the frames, then the error in full",
    ),
    Rule(
        "Index creation order",
        "`CREATE INDEX` statements in an order that changes from run to run",
        "the same statements sorted by their text",
    ),
    Rule(
        "Index order in a database dump",
        "indexes in creation order in `sqlite3 database.db .dump`",
        "the final database with its indexes in name order",
    ),
    Rule(
        "Row order of a link table's statement",
        "the rows of one many-to-many `INSERT` or `DELETE` in an order that changes",
        "the same rows sorted by value",
    ),
    Rule(
        "Field order in model reprs",
        "a model's `key=value` pairs in the order they were loaded",
        "the same pairs in the order the model declares them",
    ),
    Rule(
        "Row keys of a batched insert on PostgreSQL",
        "`{'name__0': ..., 'age__0': ..., 'name__1': ...}` keys in an order that changes",
        "the same keys in row order, and in each row in the statement's column order",
    ),
)

_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?=[A-Z]+ sqlalchemy\.)", re.M)
_BADGE = re.compile(r"^([A-Z]+ sqlalchemy\.\S+ \[[^\]\n]*?)\d+\.\d+s", re.M)
_TRAILING = re.compile(r"[ \t]+$", re.M)
_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")
_SITE = re.compile(r"(?:[^\s:\"'()<>,]*/)?(?:site|dist)-packages/")
_TRACEBACK = "Traceback (most recent call last):\n"
_INDEXES = re.compile(
    r"(?:^[A-Z]+ sqlalchemy\.\S+ CREATE (?:UNIQUE )?INDEX .*\n[A-Z]+ sqlalchemy\.\S+ \[.*\n)+",
    re.MULTILINE,
)
_ONE_INDEX = re.compile(r".*\n.*\n")
_DUMPED_INDEX = re.compile(r"CREATE (?:UNIQUE )?INDEX ")
_CREATE_TABLE = re.compile(r"^CREATE TABLE (\S+) \(\n(.*?)\n\)$", re.M | re.S)
_LINK_ROWS = re.compile(
    r"^(?P<statement>[A-Z]+ sqlalchemy\.\S+ (?:INSERT INTO|DELETE FROM) (?P<table>\S+) .*\n"
    r"[A-Z]+ sqlalchemy\.\S+ (?:\[[^\]\n]*\] )?)(?P<rows>\[\(.*\)\])$",
    re.M,
)
_CONSTRAINT = ("PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK", "CONSTRAINT")
_KEY = re.compile(r"(?<![\w.'\"=])([A-Za-z_]\w*)=(?!=)")
_BATCH = re.compile(
    r"^(?P<insert>[A-Z]+ sqlalchemy\.\S+ INSERT INTO \S+ \((?P<columns>[^)]*)\) .*\n)"
    r"(?P<badge>[A-Z]+ sqlalchemy\.\S+ \[[^\]\n]*insertmanyvalues[^\]\n]*\] )(?P<rows>\{.*\})$",
    re.M,
)
_ROW_KEY = re.compile(r"^(?P<column>\w+)__(?P<row>\d+)$")


def normalise(
    text: str, field_orders: Sequence[Sequence[str]] = (), root: Path | None = None
) -> str:
    text = _collapse_traceback(text)
    text = _TIMESTAMP.sub("", text)
    text = _BADGE.sub(r"\1...s", text)
    text = _TRAILING.sub("", text)
    text = _strip_paths(text, root)
    text = _ADDRESS.sub("at 0x...", text)
    text = _INDEXES.sub(lambda run: "".join(sorted(_ONE_INDEX.findall(run.group(0)))), text)
    text = _sort_link_rows(text)
    text = _BATCH.sub(_batch_in_column_order, text)
    if field_orders:
        text = "\n".join(_reorder(line, field_orders) for line in text.split("\n"))
    return text


def normalise_dump(statements: Sequence[str]) -> str:
    """A database dump (``sqlite3.Connection.iterdump`` statements) as stable text."""
    indexes = iter(sorted(s for s in statements if _DUMPED_INDEX.match(s)))
    ordered = [next(indexes) if _DUMPED_INDEX.match(s) else s for s in statements]
    return normalise("\n".join(ordered) + "\n")


def _batch_in_column_order(match: re.Match[str]) -> str:
    columns = [column.strip() for column in match.group("columns").split(",")]
    try:
        rows = ast.literal_eval(match.group("rows"))
    except (ValueError, SyntaxError):
        return match.group(0)
    keys = [(_ROW_KEY.match(key), key) for key in rows] if isinstance(rows, dict) else []
    if not keys or any(found is None or found["column"] not in columns for found, _ in keys):
        return match.group(0)

    def place(item: tuple[re.Match[str] | None, str]) -> tuple[int, int]:
        found = item[0]
        assert found is not None
        return int(found["row"]), columns.index(found["column"])

    ordered = ", ".join(f"{key!r}: {rows[key]!r}" for _, key in sorted(keys, key=place))
    return f"{match.group('insert')}{match.group('badge')}{{{ordered}}}"


def _strip_paths(text: str, root: Path | None) -> str:
    text = _SITE.sub("<site-packages>/", text)
    stdlib = sysconfig.get_paths()["stdlib"]
    text = text.replace(stdlib + "/", "<stdlib>/").replace(sys.prefix + "/", "<prefix>/")
    return text if root is None else text.replace(f"{root}/", "")


def _link_tables(text: str) -> set[str]:
    """The tables ``text`` creates whose every column is in the primary key and in a
    foreign key."""
    found: set[str] = set()
    for table, body in _CREATE_TABLE.findall(text):
        lines = [line.strip().rstrip(",") for line in body.split("\n")]
        columns = {line.split()[0] for line in lines if line and not line.startswith(_CONSTRAINT)}
        primary = set(_named(lines, "PRIMARY KEY ("))
        foreign = set(_named(lines, "FOREIGN KEY("))
        if columns and columns <= primary and columns <= foreign:
            found.add(table)
    return found


def _named(lines: list[str], start: str) -> list[str]:
    """The column names of the constraints in ``lines`` that begin with ``start``."""
    names: list[str] = []
    for line in lines:
        if line.startswith(start):
            inside = line[len(start) :].split(")", 1)[0]
            names += [name.strip() for name in inside.split(",")]
    return names


def _sort_link_rows(text: str) -> str:
    links = _link_tables(text)
    if not links:
        return text

    def sort(match: re.Match[str]) -> str:
        if match.group("table") not in links:
            return match.group(0)
        return match.group("statement") + _sorted_rows(match.group("rows"))

    return _LINK_ROWS.sub(sort, text)


def _sorted_rows(rows: str) -> str:
    """``rows``, a Python list of tuples as the echo prints it, sorted by value; as it was
    if it is not one (the echo shortened it) or its values do not compare."""
    try:
        parsed = ast.parse(rows, mode="eval").body
        assert isinstance(parsed, ast.List)
        items = [
            (ast.literal_eval(node), ast.get_source_segment(rows, node)) for node in parsed.elts
        ]
        items.sort(key=lambda item: item[0])
    except (SyntaxError, ValueError, TypeError, AssertionError):
        return rows
    return "[" + ", ".join(source or "" for _, source in items) + "]"


def _collapse_traceback(text: str) -> str:
    start = text.find(_TRACEBACK)
    if start < 0:
        return text
    last = text.rfind(_TRACEBACK)
    lines = text[last + len(_TRACEBACK) :].splitlines(keepends=True)
    while lines and lines[0].startswith(" "):
        lines.pop(0)
    return text[:start] + _TRACEBACK + "  ...\n" + "".join(lines)


def _reorder(text: str, orders: Sequence[Sequence[str]]) -> str:
    """Put each run of ``key=value`` pairs that belongs to one model in declaration order."""
    out: list[str] = []
    pos = 0
    while (match := _KEY.search(text, pos)) is not None:
        out.append(text[pos : match.start()])
        pairs, separator, end = _pairs_at(text, match.start())
        order = _order_for([key for key, _ in pairs], orders) if len(pairs) > 1 else None
        if order is None:
            out.append(match.group(0))
            pos = match.end()
            continue
        pairs.sort(key=lambda pair: order.index(pair[0]))
        out.append(separator.join(f"{key}={_reorder(value, orders)}" for key, value in pairs))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _order_for(keys: list[str], orders: Sequence[Sequence[str]]) -> Sequence[str] | None:
    wanted = set(keys)
    if len(wanted) != len(keys):
        return None
    return next((order for order in orders if wanted <= set(order)), None)


def _pairs_at(text: str, pos: int) -> tuple[list[tuple[str, str]], str, int]:
    """The ``key=value`` pairs starting at ``pos``, their separator and where they end."""
    pairs: list[tuple[str, str]] = []
    separator = ""
    while True:
        match = _KEY.match(text, pos)
        if match is None:
            break
        end = _value_end(text, match.end())
        pairs.append((match.group(1), text[match.end() : end]))
        pos = end
        following = separator or (", " if text.startswith(", ", end) else " ")
        if not text.startswith(following, end) or not _KEY.match(text, end + len(following)):
            break
        separator = following
        pos = end + len(following)
    return pairs, separator or " ", pos


def _value_end(text: str, pos: int) -> int:
    """Where the Python repr starting at ``pos`` ends."""
    depth = 0
    i = pos
    while i < len(text):
        char = text[i]
        if char in "'\"":
            i = _string_end(text, i)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (char == " " or text.startswith(", ", i)):
            break
        i += 1
    return i


def _string_end(text: str, pos: int) -> int:
    quote = text[pos]
    i = pos + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1
