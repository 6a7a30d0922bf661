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
   ``Type: message`` (with SQLAlchemy's ``[SQL: ...]`` lines) stay, as in a doctest; an
   exception raised while handling another, or from it, shows only the last one. So it goes
   for each traceback the step prints itself (``traceback.print_exc()``), and what it prints
   between two tracebacks stays.
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
   is put in the model's declaration order; the values are untouched (and so are reprs
   nested more than 32 models deep, which no tutorial prints).
11. Row keys of a batched insert on PostgreSQL. There the parameters of an ``INSERT`` sent
    as one batch (``(insertmanyvalues) 1/1``) are one dict, ``{'name__0': ..., 'age__0':
    ..., 'name__1': ...}``, and within each row the keys come in the order the object's
    attributes were set, which changes with the hash seed. The keys are put in row order
    (the ``__N`` suffix) and, within a row, in the order of the statement's column list
    (``INSERT INTO hero (name, secret_name, age, team_id)``); every key and value stays.
    A dict that cannot be read back as Python literals is left as it is.
12. Order of the "not in session" warnings of one flush. When a flush meets an object
    outside the session in a relationship, SQLAlchemy warns ``Object of type <HeroTeamLink>
    not in session, add operation along 'Hero.team_links' will not proceed`` (or ``won't
    proceed``), once per relationship that holds it: a link model with relationships to
    both sides gives two, ``'Hero.team_links'`` and ``'Team.hero_links'``. The flush finds
    them iterating a ``set`` of states (``UOWTransaction.mappers``), so their order follows
    memory addresses and changes from run to run and with the hash seed. Such warnings that
    come one right after the other (each with its source line, nothing printed and no SQL
    between them) are sorted by their text; every warning stays. Warnings with anything
    between them keep their order, and so do other warnings, even consecutive ones (those
    of mapper configuration come in the order the mappers declare their relationships).

13. The step's database name on MariaDB. The MySQL dialect names a table with its database
    (``DESCRIBE `companion_step_4242_1`.`hero```), and an error may name the step's user;
    the harness makes both names for each run (``companion_step_<process>_<number>``).
    Each becomes ``database``, the name the module's URL gives (``sqlite:///database.db``).

The traceback (6) is collapsed first, then rules 1 to 5, 7, 9, 11, 12 and 13 apply in that
order, and the field order (10) last.

Every rule takes time linear in the text (a step may print a line of megabytes, or leave one
in its database): no pattern here can try a long stretch of text again from each of its
positions. Where a regular expression would (a run of characters followed by something that
may not come, as in paths and trailing blanks), the rule finds its anchors first and looks
around them once.
"""

from __future__ import annotations

import ast
import re
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from tutorial_recorder.records.flush_warnings import in_text_order
from tutorial_recorder.records.reprs import reorder


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
    Rule(
        'Order of the "not in session" warnings of one flush',
        "`Object of type <...> not in session` warnings, one per relationship, in an order "
        "that changes",
        "the same warnings sorted by their text where nothing comes between them",
    ),
    Rule(
        "The step's database name on MariaDB",
        "``DESCRIBE `companion_step_4242_1`.`hero` ``, a name made for each run",
        "``DESCRIBE `database`.`hero` ``",
    ),
)
_STEP_DATABASE = re.compile(r"\bcompanion_step_\d+_[0-9a-f]+\b")

_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?=[A-Z]+ sqlalchemy\.)", re.M)
_BADGED = re.compile(r"^[A-Z]+ sqlalchemy\.\S+ \[[^\]\n]*", re.M)
# SQLAlchemy writes ``generated in`` with ``%.5f`` and ``cached since`` with ``%.4g``, which
# gives ``1s`` for a whole second and ``5e-05s`` for a tiny one.
_SECONDS = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:e[-+]?\d+)?s")
_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")
_PATH_RUN = re.compile(r"[^\s:\"'()<>,]+")
_PACKAGES = re.compile(r"(?:site|dist)-packages/")
_SITE_PACKAGES = "<site-packages>/"
_TRACEBACK = "Traceback (most recent call last):\n"
_HEADERS = re.compile(re.escape(_TRACEBACK))
_CHAINED = (
    "\nThe above exception was the direct cause of the following exception:\n\n",
    "\nDuring handling of the above exception, another exception occurred:\n\n",
)
_INDEXES = re.compile(
    r"(?:^[A-Z]+ sqlalchemy\.\S+ CREATE (?:UNIQUE )?INDEX .*\n[A-Z]+ sqlalchemy\.\S+ \[.*\n)+",
    re.MULTILINE,
)
_ONE_INDEX = re.compile(r".*\n.*\n")
_DUMPED_INDEX = re.compile(r"CREATE (?:UNIQUE )?INDEX ")
_TABLE_HEADER = re.compile(r"CREATE TABLE (\S+) \(")
_LINK_ROWS = re.compile(
    r"^(?P<statement>[A-Z]+ sqlalchemy\.\S+ (?:INSERT INTO|DELETE FROM) (?P<table>\S+) .*\n"
    r"[A-Z]+ sqlalchemy\.\S+ (?:\[[^\]\n]*\] )?)(?P<rows>\[\(.*\)\])$",
    re.M,
)
_CONSTRAINT = ("PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK", "CONSTRAINT")
_BATCH_INSERT = re.compile(r"^[A-Z]+ sqlalchemy\.\S+ INSERT INTO \S+ \(", re.M)
_BATCH_BADGE = re.compile(r"[A-Z]+ sqlalchemy\.\S+ \[[^\]\n]*\] ")
_ROW_KEY = re.compile(r"^(?P<column>\w+)__(?P<row>\d+)$")
_STDLIB = sysconfig.get_paths()["stdlib"]
"""The standard library's folder (rule 4), found once: ``sysconfig`` works it out again on
every call, which was the largest part of normalising a small dump."""


def normalise(
    text: str, field_orders: Sequence[Sequence[str]] = (), root: Path | None = None
) -> str:
    text = _collapse_traceback(text)
    text = _TIMESTAMP.sub("", text)
    text = _BADGED.sub(_badge_in_seconds, text)
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = _strip_paths(text, root)
    text = _ADDRESS.sub("at 0x...", text)
    text = _INDEXES.sub(lambda run: "".join(sorted(_ONE_INDEX.findall(run.group(0)))), text)
    text = _sort_link_rows(text)
    text = _batches_in_column_order(text)
    text = in_text_order(text)
    text = _STEP_DATABASE.sub("database", text)
    if field_orders:
        text = "\n".join(reorder(line, field_orders) for line in text.split("\n"))
    return text


def normalise_dump(statements: Sequence[str]) -> str:
    """A database dump (``sqlite3.Connection.iterdump`` statements) as stable text."""
    indexes = iter(sorted(s for s in statements if _DUMPED_INDEX.match(s)))
    ordered = [next(indexes) if _DUMPED_INDEX.match(s) else s for s in statements]
    return normalise("\n".join(ordered) + "\n")


def _badge_in_seconds(match: re.Match[str]) -> str:
    """Rule 2 on one echo line that opens a bracket: its first number of seconds."""
    line = match.group(0)
    content = line.index(" [", line.index(" sqlalchemy.")) + 2
    seconds = _SECONDS.search(line, content)
    if seconds is None:
        return line
    return line[: seconds.start()] + "...s" + line[seconds.end() :]


def _batches_in_column_order(text: str) -> str:
    """Rule 11 on every batched insert: an ``INSERT`` echo line whose column list runs to the
    first ``)`` (the rest of its line after ``) ``), then a parameters line with an
    ``insertmanyvalues`` badge and a dict."""
    out: list[str] = []
    done = 0
    closing = -2  # the first ")" after the last place looked from; -1: there is none
    for header in _BATCH_INSERT.finditer(text):
        if header.start() < done:
            continue
        if closing != -1 and closing < header.end():
            closing = text.find(")", header.end())
        if closing == -1:
            break
        line_end = text.find("\n", closing + 2) if text.startswith(" ", closing + 1) else -1
        badge = _BATCH_BADGE.match(text, line_end + 1) if line_end >= 0 else None
        if badge is None or "insertmanyvalues" not in badge.group(0):
            continue
        rows_end = text.find("\n", badge.end())
        rows_end = len(text) if rows_end < 0 else rows_end
        rows = text[badge.end() : rows_end]
        if len(rows) < 2 or rows[0] != "{" or rows[-1] != "}":
            continue
        insert = text[header.start() : line_end + 1]
        columns = text[header.end() : closing]
        out += [text[done : header.start()], _batch(insert, columns, badge.group(0), rows)]
        done = rows_end
    return "".join([*out, text[done:]])


def _batch(insert: str, columns_text: str, badge: str, rows_text: str) -> str:
    whole = insert + badge + rows_text
    columns = [column.strip() for column in columns_text.split(",")]
    try:
        rows = ast.literal_eval(rows_text)
    except (ValueError, SyntaxError):
        return whole
    keys = [(_ROW_KEY.match(key), key) for key in rows] if isinstance(rows, dict) else []
    if not keys or any(found is None or found["column"] not in columns for found, _ in keys):
        return whole

    def place(item: tuple[re.Match[str] | None, str]) -> tuple[int, int]:
        found = item[0]
        assert found is not None
        return int(found["row"]), columns.index(found["column"])

    ordered = ", ".join(f"{key!r}: {rows[key]!r}" for _, key in sorted(keys, key=place))
    return f"{insert}{badge}{{{ordered}}}"


def _strip_paths(text: str, root: Path | None) -> str:
    if "-packages/" in text:
        text = _PATH_RUN.sub(_site_packages, text)
    text = text.replace(_STDLIB + "/", "<stdlib>/")
    if sys.prefix != "/":  # Pyodide's prefix is the root, which every path (and https://) has
        text = text.replace(sys.prefix + "/", "<prefix>/")
    return text if root is None else text.replace(f"{root}/", "")


def _site_packages(run: re.Match[str]) -> str:
    """Rule 4's first part in one run of characters a path may hold: from the run's start to
    its last ``/site-packages/`` (or ``dist-``), then each further ``site-packages/``."""
    path = run.group(0)
    if "-packages/" not in path:
        return path
    found = list(_PACKAGES.finditer(path))
    in_folder = [one for one in found if path[one.start() - 1 : one.start()] == "/"]
    pieces: list[str] = []
    pos = 0
    if in_folder:
        pieces.append(_SITE_PACKAGES)
        pos = in_folder[-1].end()
    for one in found:
        if one.start() >= pos:
            pieces += [path[pos : one.start()], _SITE_PACKAGES]
            pos = one.end()
    return "".join([*pieces, path[pos:]])


def _created_tables(text: str) -> list[tuple[str, list[str]]]:
    """Each ``CREATE TABLE name (`` line of ``text`` with the lines up to the next line ``)``
    (at least one), in order."""
    lines = text.split("\n")
    tables: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        header = _TABLE_HEADER.fullmatch(lines[index])
        index += 1
        if header is None:
            continue
        try:
            end = lines.index(")", index + 1)
        except ValueError:
            break
        tables.append((header.group(1), lines[index:end]))
        index = end + 1
    return tables


def _link_tables(text: str) -> set[str]:
    """The tables ``text`` creates whose every column is in the primary key and in a
    foreign key."""
    found: set[str] = set()
    for table, body in _created_tables(text):
        lines = [line.strip().rstrip(",") for line in body]
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
    """Rule 6: each traceback, with those it is chained to, as its header, ``  ...`` and
    the last exception's ``Type: message``."""
    starts = [found.start() for found in _HEADERS.finditer(text)]
    collapsed: list[str] = []
    done = 0
    first = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if end < len(text) and text.endswith(_CHAINED, 0, end):
            continue  # the next traceback goes on from this one
        lines = text[start + len(_TRACEBACK) : end].splitlines(keepends=True)
        frames = next((i for i, line in enumerate(lines) if not line.startswith(" ")), len(lines))
        collapsed += [text[done : starts[first]], _TRACEBACK, "  ...\n", *lines[frames:]]
        done, first = end, index + 1
    return "".join([*collapsed, text[done:]])
