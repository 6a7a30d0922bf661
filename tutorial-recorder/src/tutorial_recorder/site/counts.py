"""The query-count table of a page, generated from records: how many statements each step sent.

A page asks for it with the ``counts`` directive, the records to count and two markers::

    {* counts from="Listing the" to="Listed" tests/records/sqlite/group/chapter/tutorial001.txt *}

A *section* of a record starts at a printed line that starts with ``from`` and ends at the
next printed line that starts with ``to``. A record may have several sections; each becomes
one row: the step's id (breakable after each ``/``), the section's first line, and the
statements the database received in it, counted from the record's reading
(``tutorial_recorder.records.reading``). The transaction's own ``BEGIN (implicit)``,
``COMMIT`` and ``ROLLBACK`` are not counted: they are the same in every step and tell
nothing about how the data was loaded.

A record that is missing, has no section, or has a section that never ends raises
``CountsError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.reading import Reading
from tutorial_recorder.site.running import breakable

NAME = "counts"
"""The directive's first word."""
BOOKKEEPING = ("BEGIN", "COMMIT", "ROLLBACK")
HEADER = ["| Step | Section | Statements sent |", "| --- | --- | --: |"]


class CountsError(ValueError):
    """The table cannot be built; the message names the record."""


def directive(project: Project, words: Sequence[str]) -> list[str]:
    """The table for the words of a ``counts`` directive after its name: ``from=TEXT``,
    ``to=TEXT`` and the records, as paths from the project root."""
    markers = dict(word.partition("=")[::2] for word in words if "=" in word)
    records = [word for word in words if "=" not in word]
    if sorted(markers) != ["from", "to"] or not records:
        raise CountsError('counts needs from="TEXT", to="TEXT" and at least one record')
    paths = [project.root / record for record in records]
    return table(project, paths, markers["from"], markers["to"])


def table(project: Project, records: Sequence[Path], start: str, end: str) -> list[str]:
    """The Markdown rows of the table: one per section of each record, in order."""
    ids = {step.module: step.id for step in steps.steps(project)}
    rows = list(HEADER)
    for record in records:
        name = project.relative(record)
        if not record.is_file():
            raise CountsError(f"{name}: no such record")
        found = sections(Reading.parse(record.read_text(encoding="utf-8")), start, end, name)
        under = record.resolve().is_relative_to(project.records)
        step = ids.get(project.module_for(record)) if under else None
        # a long id wraps between its folders on a narrow screen
        shown = name if step is None else breakable(step)
        rows += [f"| `{shown}` | {_cell(title)} | {count} |" for title, count in found]
    return rows


def sections(reading: Reading, start: str, end: str, name: str) -> list[tuple[str, int]]:
    """Each section of ``reading``: its first line and the statements sent in it."""
    found: list[tuple[str, int]] = []
    title: str | None = None
    count = 0
    for item in reading.items:
        if item.kind == "printed" and title is None and item.text.startswith(start):
            title, count = item.text, 0
        elif item.kind == "printed" and title is not None and item.text.startswith(end):
            found.append((title, count))
            title = None
        elif item.kind == "sql" and title is not None and not item.text.startswith(BOOKKEEPING):
            count += 1
    if title is not None:
        raise CountsError(f"{name}: the section {title!r} has no line starting with {end!r}")
    if not found:
        raise CountsError(f"{name}: no printed line starts with {start!r}")
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
