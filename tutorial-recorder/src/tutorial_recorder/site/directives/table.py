"""A table of the database at the end of a run:
``{* tests/records/sqlite/group/chapter/tutorial001.db.sql table=hero *}``.

For a ``.db.sql`` record (the database at the end of a run; the kind is told by the last
suffix, ``.sql``):

- ``table=NAME`` shows every row of that table, as a Markdown table.
"""

from __future__ import annotations

import sqlite3

from tutorial_recorder.records import database
from tutorial_recorder.site.directives.base import Context, FileKind, Included, IncludeError
from tutorial_recorder.site.directives.blocks import Markdown


def render(file: Included, context: Context) -> Markdown:
    names = file.options.get("table", [])
    if len(names) != 1:
        raise IncludeError(f"{file.target}: name one table, as table=NAME")
    try:
        result = database.table(file.text, names[0])
    except sqlite3.Error as error:
        raise IncludeError(f"{file.target}: table {names[0]!r}: {error}") from None
    return Markdown(result.markdown())


DIRECTIVE = FileKind(".sql", frozenset({"table"}), render)
