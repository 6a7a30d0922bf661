"""Expand include directives in the docs pages into fenced code blocks.

A directive stands alone on a line, indented as the block it becomes::

    {* docs_src/group/chapter/tutorial001.py def=main hl="session.commit()" *}
    {* tests/records/sqlite/group/chapter/tutorial001.txt from="Heroes:" to="COMMIT" *}

Its words are read as a shell would (quotes group). A directive whose first word is a
keyword of its own (``run``, ``differences``, ``counts``) is that directive; any other
names a file, a path relative to the project root followed by ``key=value`` options (or
``key[value]`` ones, as ``ln[1:19]``), and the path's suffix tells what it becomes. Each
kind is a module of ``tutorial_recorder.site.directives``, which documents its options:

- ``.py``: a module or one function or class of it (``directives.code``)
- ``.txt``: an excerpt of a recorded run, with its PostgreSQL twin (``directives.excerpt``)
- ``.db.sql``: a table of the database at the end of a run (``directives.table``)
- ``.er.mmd``: the diagram of a run's models (``directives.diagram``)
- ``.md`` in the comparisons folder: a generated fragment (``directives.fragment``)
- ``{* run docs_src/<...>.py *}``: the step's "Run it yourself" block (``directives.run``)
- ``{* differences *}``: what a terminal shows differently (``directives.differences``)
- ``{* counts ... *}``: the table of statements sent (``directives.counts``)

A path must be relative to the project root and stay inside it: an absolute path, or one
with a ``..`` part anywhere, is refused before anything is read. An option a kind does not
take is refused before its file is read.

SQL written on a page runs too. A fenced ``sql`` block (in any case: ``SQL``) must say which
database it runs against, the state at the end of a step or an empty database::

    ```sql state="tests/records/sqlite/group/chapter/tutorial001.db.sql"
    SELECT hero.name, team.name FROM hero JOIN team ON hero.team_id = team.id
    ```

The block is shown as written, and the result of its last statement (if it returns rows)
is rendered below it as a table, from that execution. ``state="empty"`` runs it on an
empty database. A block that does not parse or fails to run is an error.

Any problem raises ``IncludeError`` naming the page and line. ``expand`` returns Markdown;
the HTML of a recorded run goes through ``stash`` (Python-Markdown's raw HTML store, given
by ``tutorial_recorder.site.extension``), or into the Markdown as it is without one.
"""

from __future__ import annotations

import re
import shlex
import sqlite3

from tutorial_recorder.project.paths import Project
from tutorial_recorder.records import database
from tutorial_recorder.site import directives
from tutorial_recorder.site.directives.base import Context, Included, IncludeError, Options
from tutorial_recorder.site.directives.blocks import Rendered, Stash

__all__ = ["DIRECTIVE", "SQL_FENCE", "IncludeError", "expand", "resolve"]

DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\{\*(?P<body>.*)\*\}[ \t]*$")
SQL_FENCE = re.compile(r"^(?P<indent>[ \t]*)```+ *(?i:sql)\b(?P<attributes>[^\n]*)$")
BRACKETED = re.compile(r"^(?P<key>[a-z]+)\[(?P<value>[^\]]*)\]$")
STATE = re.compile(r'\bstate="(?P<state>[^"]*)"')


def expand(project: Project, markdown: str, page: str, stash: Stash = str) -> str:
    """``markdown`` with every directive replaced by its block and every SQL block run;
    ``page`` names the page of ``project`` in errors."""
    context = Context(project, page)
    lines = markdown.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        try:
            if (match := DIRECTIVE.match(line)) is not None:
                block = resolve(match.group("body"), context)
                out.extend(block.fenced(match.group("indent"), stash))
            elif (match := SQL_FENCE.match(line)) is not None:
                end = _closing_fence(lines, index, match.group("indent"))
                out.extend(_sql_block(match, lines[index:end], context))
                index = end + 1
            else:
                out.append(line)
        except IncludeError as error:
            raise error.at(page, number) from None
    return "\n".join(out)


def resolve(body: str, context: Context) -> Rendered:
    """The block one directive's body (the text between ``{*`` and ``*}``) stands for."""
    try:
        words = shlex.split(body)
    except ValueError as error:
        raise IncludeError(f"cannot read the directive {body.strip()!r}: {error}") from None
    if not words:
        raise IncludeError("the directive names no file")
    if (keyword := directives.keyword(words)) is not None:
        return keyword.render(words[1:], context)
    target, options = words[0], _options(words[1:])
    path = context.inside(target)
    kind = directives.file_kind(path, context.project)
    if kind is None:
        raise IncludeError(f"{target}: only .py modules and records can be included")
    if unknown := sorted(set(options) - kind.options - kind.numbered):
        numbered = unknown[0].endswith("[]") and kind.numbered
        choices = sorted(kind.numbered if numbered else kind.options)
        raise IncludeError(f"{target}: unknown option {unknown[0]!r}; use {choices}")
    included = Included(target, path, context.read(target, path), options)
    return kind.render(included, context)


def _options(words: list[str]) -> Options:
    """Each option's values by key; ``key[value]`` is kept under the key ``key[]``."""
    options: Options = {}
    for word in words:
        if (bracketed := BRACKETED.match(word)) is not None:
            key, sep, value = f"{bracketed.group('key')}[]", "[", bracketed.group("value")
        else:
            key, sep, value = word.partition("=")
        if not sep or not value:
            raise IncludeError(f"option {word!r} is not of the form key=value or key[value]")
        options.setdefault(key, []).append(value)
    return options


def _closing_fence(lines: list[str], start: int, indent: str) -> int:
    for index in range(start, len(lines)):
        if lines[index].strip().startswith("```") and lines[index].startswith(indent):
            return index
    raise IncludeError("the sql block is never closed")


def _sql_block(fence: re.Match[str], body: list[str], context: Context) -> list[str]:
    indent, attributes = fence.group("indent"), fence.group("attributes")
    found = STATE.search(attributes)
    if found is None:
        raise IncludeError(
            'a sql block must say what it runs on: state="<record>.db.sql" or "empty"'
        )
    target = found.group("state")
    if target == "empty":
        state = ""
    elif target.endswith(".db.sql") and context.inside(target).is_file():
        state = context.read(target, context.inside(target))
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
