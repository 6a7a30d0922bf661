"""A table of the database at the end of a run:
``{* tests/records/sqlite/group/chapter/tutorial001.db.sql table=hero *}``.

For a ``.db.sql`` record (the database at the end of a run; the kind is told by the last
suffix, ``.sql``):

- ``table=NAME`` shows every row of that table, as an HTML table whose caption names it,
  for every reader (a screen reader announces it with the table).
"""

from __future__ import annotations

import html
import sqlite3

from tutorial_recorder.records import database
from tutorial_recorder.site.directives.base import Context, FileKind, Included, IncludeError
from tutorial_recorder.site.directives.blocks import Html


def render(file: Included, context: Context) -> Html:
    names = file.options.get("table", [])
    if len(names) != 1:
        raise IncludeError(f"{file.target}: name one table, as table=NAME")
    try:
        result = database.table(file.text, names[0])
    except sqlite3.Error as error:
        raise IncludeError(f"{file.target}: table {names[0]!r}: {error}") from None
    head = "".join(f"<th>{html.escape(column)}</th>" for column in result.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(value)}</td>" for value in row) + "</tr>"
        for row in result.rows
    )
    caption = f"<caption>Table <code>{html.escape(names[0])}</code></caption>"
    return Html(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _cell(value: object) -> str:
    return "NULL" if value is None else html.escape(str(value))


DIRECTIVE = FileKind(".sql", frozenset({"table"}), render)
