"""Expand include directives in the docs pages into fenced code blocks.

A directive stands alone on a line, indented as the block it becomes::

    {* docs_src/group/chapter/tutorial001.py def=main hl="session.commit()" *}
    {* tests/records/sqlite/group/chapter/tutorial001.txt from="Heroes:" to="COMMIT" *}

Paths are relative to the project root. For a ``.py`` file:

- ``def=NAME`` or ``class=NAME`` includes that top-level function or class (decorators
  included); neither includes the whole file. Names survive edits; line numbers do not.
- ``hl="TEXT"`` (repeatable) highlights every line of the block that contains TEXT; TEXT
  must occur in the block.

For a ``.txt`` record (a recorded run), rendered entry by entry (``transcripts``):

- ``from="TEXT"`` starts the excerpt at the first line containing TEXT, ``to="TEXT"`` ends
  it at the first line at or after the start containing TEXT; the entries (statements,
  warnings, printed lines) those lines belong to are shown whole. Without them the whole
  record is shown.
- ``hl="TEXT"`` (repeatable) highlights every shown line that contains TEXT, the lines
  that prove what the page says; TEXT must occur in the excerpt.

When the project records on PostgreSQL too (``databases`` in its configuration), the same
excerpt of the step's PostgreSQL record is made with the same options, and if its lines
differ from the SQLite excerpt's, the block becomes two content tabs, "SQLite" and
"PostgreSQL". The ``from`` and ``to`` markers must be in both records; a highlight must be
in the SQLite excerpt, and is marked in the PostgreSQL one where it occurs there.

For a ``.er.mmd`` record (the diagram of a run's models): no options; it becomes a
``mermaid`` block that the site draws.

For a ``.db.sql`` record (the database at the end of a run):

- ``table=NAME`` shows every row of that table, as a Markdown table.

Two directives name no record: ``{* run docs_src/<...>.py *}`` becomes the step's "Run it
yourself" block, and ``{* differences *}`` the list of what a terminal shows differently
from a record (both from ``running``).

A path must be relative to the project root and stay inside it: an absolute path, or one
with a ``..`` part anywhere, is refused before anything is read.

For a generated Markdown file under ``tests/matrix/`` (the upgrade matrix writes them,
``companion.matrix.page``): no options; its Markdown goes into the page as it is.

SQL written on a page runs too. A fenced ``sql`` block must say which database it runs
against, the state at the end of a step or an empty database::

    ```sql state="tests/records/sqlite/group/chapter/tutorial001.db.sql"
    SELECT hero.name, team.name FROM hero JOIN team ON hero.team_id = team.id
    ```

The block is shown as written, and the result of its last statement (if it returns rows)
is rendered below it as a table, from that execution. ``state="empty"`` runs it on an
empty database. A block that does not parse or fails to run is an error.

Any problem raises ``IncludeError`` naming the page and line. ``expand`` returns Markdown;
the HTML of a recorded run goes through ``stash`` (Python-Markdown's raw HTML store, given
by ``companion.site.extension``), or into the Markdown as it is without one.
"""

from __future__ import annotations

import ast
import re
import shlex
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from companion.project import paths, steps
from companion.records import database
from companion.site import counts, running, transcripts

DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\{\*(?P<body>.*)\*\}[ \t]*$")
OPTIONS = {
    ".py": {"def", "class", "hl"},
    ".txt": {"from", "to", "hl"},
    ".sql": {"table"},
    ".mmd": set(),
    ".md": set(),
}
GENERATED = "tests/matrix/"
SQL_FENCE = re.compile(r"^(?P<indent>[ \t]*)```+ *sql\b(?P<attributes>[^\n]*)$")
STATE = re.compile(r'\bstate="(?P<state>[^"]*)"')


class IncludeError(Exception):
    """A directive that cannot be expanded: the message starts with ``page:line:``."""


Stash = Callable[[str], str]
RUN, DIFFERENCES = "run", "differences"


class Table:
    """Markdown (a table, a generated section), indented like the directive it replaces."""

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        return [f"{indent}{row}" if row else "" for row in self.rows]


@dataclass(frozen=True)
class Html:
    """Raw HTML, kept out of Markdown's way by ``stash``."""

    html: str
    shown: tuple[str, ...] = ()
    """For a recorded run, the record's lines it shows."""

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        return [f"{indent}{stash(self.html)}"]


@dataclass(frozen=True)
class Tabs:
    """Content tabs (pymdownx.tabbed): a label and its HTML each. They are a set of their
    own (``===!``), and an empty block after them keeps a set of tabs that follows on the
    page from joining them."""

    tabs: list[tuple[str, Html]]

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        lines: list[str] = []
        for number, (label, html) in enumerate(self.tabs):
            start = "===!" if number == 0 else "==="
            lines += [f'{indent}{start} "{label}"', "", *html.fenced(indent + "    ", stash), ""]
        return [*lines, f"{indent}{stash('')}"]


@dataclass(frozen=True)
class Block:
    language: str
    title: str
    lines: list[str]
    highlighted: list[int]

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        attributes = f'title="{running.breakable(self.title)}"' if self.title else ""
        if self.highlighted:
            attributes += f' hl_lines="{" ".join(map(str, self.highlighted))}"'
        body = [f"{indent}{line}" if line else "" for line in self.lines]
        return [f"{indent}``` {self.language} {attributes}".rstrip(), *body, f"{indent}```"]


def expand(markdown: str, page: str, stash: Stash = str) -> str:
    """``markdown`` with every directive replaced by its block and every SQL block run;
    ``page`` names the page in errors."""
    lines = markdown.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        try:
            if (match := DIRECTIVE.match(line)) is not None:
                out.extend(resolve(match.group("body")).fenced(match.group("indent"), stash))
            elif (match := SQL_FENCE.match(line)) is not None:
                end = _closing_fence(lines, index, match.group("indent"))
                out.extend(_sql_block(match, lines[index:end]))
                index = end + 1
            else:
                out.append(line)
        except IncludeError as error:
            raise IncludeError(f"{page}:{number}: {error}") from None
    return "\n".join(out)


def resolve(body: str) -> Block | Table | Html | Tabs:
    """The block one directive's body (the text between ``{*`` and ``*}``) stands for."""
    try:
        words = shlex.split(body)
    except ValueError as error:
        raise IncludeError(f"cannot read the directive {body.strip()!r}: {error}") from None
    if not words:
        raise IncludeError("the directive names no file")
    if words == [DIFFERENCES]:
        return Table(running.differences())
    if words[0] == RUN:
        return _run(words[1:])
    if words[0] == counts.NAME:  # the query-count table, companion.site.counts
        for word in words[1:]:
            if "=" not in word:
                inside(word)  # a record path, refused outside the project as any other
        try:
            return Table(counts.directive(words[1:]))
        except counts.CountsError as error:
            raise IncludeError(str(error)) from None
    target, options = words[0], _options(words[1:])
    path = inside(target)
    allowed = OPTIONS.get(path.suffix)
    if path.suffix == ".md" and not target.startswith(GENERATED):
        allowed = None
    if allowed is None:
        raise IncludeError(f"{target}: only .py modules and records can be included")
    if unknown := sorted(set(options) - allowed):
        raise IncludeError(f"{target}: unknown option {unknown[0]!r}; use {sorted(allowed)}")
    text = _read(target, path)
    if path.suffix == ".py":
        return _code(target, text, options)
    if path.suffix == ".sql":
        return _table(target, text, options)
    if path.suffix == ".mmd":
        return Block("mermaid", "", text.splitlines(), [])
    if path.suffix == ".md":
        return Table(text.splitlines())
    return _output(target, text, options)


def inside(target: str) -> Path:
    """The file ``target`` names, refused unless it is relative and stays in the project."""
    relative = PurePosixPath(target)
    path = paths.ROOT / relative
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or not path.resolve().is_relative_to(paths.ROOT)
    ):
        raise IncludeError(f"{target}: a path must be relative to the project and stay inside it")
    return path


def _read(target: str, path: Path) -> str:
    if not path.is_file():
        raise IncludeError(f"{target}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise IncludeError(f"{target}: not valid UTF-8 (byte {error.start})") from None
    if path.suffix == ".py":
        _parse(target, text)
    return text


def _parse(target: str, text: str) -> ast.Module:
    try:
        return ast.parse(text, filename=target)
    except SyntaxError as error:
        raise IncludeError(f"{target}:{error.lineno}: does not compile: {error.msg}") from None


def _run(words: list[str]) -> Table:
    if len(words) != 1:
        raise IncludeError("name one module: {* run docs_src/<...>.py *}")
    path = inside(words[0])
    text = _read(words[0], path)
    step = steps.id_of(path)
    if step is None:
        raise IncludeError(f"{words[0]}: {steps.UnknownStep(words[0], [])}")
    return Table(running.run_block(step, path, text))


def _options(words: list[str]) -> dict[str, list[str]]:
    options: dict[str, list[str]] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not value:
            raise IncludeError(f"option {word!r} is not of the form key=value")
        options.setdefault(key, []).append(value)
    return options


def _code(target: str, text: str, options: dict[str, list[str]]) -> Block:
    lines = text.splitlines()
    names = [(kind, name) for kind in ("def", "class") for name in options.get(kind, [])]
    if len(names) > 1:
        raise IncludeError(f"{target}: name one function or class per directive")
    if names:
        kind, name = names[0]
        first, last = _definition(target, text, kind, name)
        lines = lines[first - 1 : last]
    highlighted: set[int] = set()
    for wanted in options.get("hl", []):
        found = {number for number, line in enumerate(lines, start=1) if wanted in line}
        if not found:
            raise IncludeError(f"{target}: highlight {wanted!r} is not inside the included block")
        highlighted |= found
    return Block("python", target, lines, sorted(highlighted))


def _definition(target: str, text: str, kind: str, name: str) -> tuple[int, int]:
    types = (ast.FunctionDef, ast.AsyncFunctionDef) if kind == "def" else (ast.ClassDef,)
    for node in _parse(target, text).body:
        if isinstance(node, types) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    raise IncludeError(f"{target}: no top-level {kind} {name!r}")


def _output(target: str, text: str, options: dict[str, list[str]]) -> Html | Tabs:
    try:
        record = (paths.ROOT / target).resolve()
        module = paths.module_for(record)
    except ValueError:
        raise IncludeError(f"{target}: a recorded run is a .txt under tests/records/") from None
    step = steps.id_of(module)
    if step is None:
        raise IncludeError(f"{target}: a record of no step ({paths.relative(module)})")
    twin = paths.record_for(module, on=paths.POSTGRESQL)
    on_postgresql = f"companion run {step} --on postgresql"
    if record == twin:
        return _excerpt(target, text, options, on_postgresql)
    sqlite = _excerpt(target, text, options, paths.python_command(module))
    if paths.POSTGRESQL not in paths.databases():
        return sqlite
    twin_target = paths.relative(twin)
    postgresql = _excerpt(twin_target, _read(twin_target, twin), options, on_postgresql, True)
    if postgresql.shown == sqlite.shown:
        return sqlite
    return Tabs([("SQLite", sqlite), ("PostgreSQL", postgresql)])


def _range(target: str, lines: list[str], options: dict[str, list[str]]) -> tuple[int, int]:
    """The first and last record lines (0-based) the ``from`` and ``to`` options give."""
    start, end = 0, len(lines) - 1
    if "from" in options:
        start = _find(target, lines, options["from"][-1], 0)
    if "to" in options:
        end = _find(target, lines, options["to"][-1], start)
    return start, end


def _excerpt(
    target: str, text: str, options: dict[str, list[str]], command: str, twin: bool = False
) -> Html:
    """The excerpt of the record ``target`` (``text``) that ``options`` choose, headed by
    ``command``. Every ``hl`` must be in it, unless it is the PostgreSQL ``twin`` of the
    record the page names: there those that are in it are marked (a statement with ``?``
    placeholders is not)."""
    lines = text.splitlines()
    start, end = _range(target, lines, options)
    shown = transcripts.excerpt(transcripts.entries(text), start, end)
    highlights = []
    for wanted in options.get("hl", []):
        if transcripts.highlighted(shown, wanted):
            highlights.append(wanted)
        elif not twin:
            raise IncludeError(f"{target}: highlight {wanted!r} is not inside the excerpt")
    whole = start == 0 and end == len(lines) - 1
    summary = "" if whole else f"lines {start + 1}-{end + 1} of {len(lines)}"
    html = transcripts.render(command, shown, highlights, summary)
    return Html(html, tuple(line for entry in shown for line in entry.lines))


def _find(target: str, lines: list[str], marker: str, start: int) -> int:
    for index in range(start, len(lines)):
        if marker in lines[index]:
            return index
    raise IncludeError(f"{target}: no line containing {marker!r}")


def _table(target: str, state: str, options: dict[str, list[str]]) -> Table:
    names = options.get("table", [])
    if len(names) != 1:
        raise IncludeError(f"{target}: name one table, as table=NAME")
    try:
        result = database.table(state, names[0])
    except sqlite3.Error as error:
        raise IncludeError(f"{target}: table {names[0]!r}: {error}") from None
    return Table(result.markdown())


def _closing_fence(lines: list[str], start: int, indent: str) -> int:
    for index in range(start, len(lines)):
        if lines[index].strip().startswith("```") and lines[index].startswith(indent):
            return index
    raise IncludeError("the sql block is never closed")


def _sql_block(fence: re.Match[str], body: list[str]) -> list[str]:
    indent, attributes = fence.group("indent"), fence.group("attributes")
    found = STATE.search(attributes)
    if found is None:
        raise IncludeError(
            'a sql block must say what it runs on: state="<record>.db.sql" or "empty"'
        )
    target = found.group("state")
    if target == "empty":
        state = ""
    elif target.endswith(".db.sql") and inside(target).is_file():
        state = _read(target, inside(target))
    else:
        raise IncludeError(f"{target}: no such state record")
    sql = "\n".join(line.removeprefix(indent) for line in body)
    try:
        result = database.query(state, sql)
    except sqlite3.Error as error:
        raise IncludeError(f"the sql block fails on {target}: {error}") from None
    shown = STATE.sub("", attributes).strip()
    block = [f"{indent}```sql {shown}".rstrip(), *body, f"{indent}```"]
    table = result.markdown()
    return block + ([""] + [f"{indent}{row}" for row in table] if table else [])
