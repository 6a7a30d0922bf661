"""An excerpt of a recorded run:
``{* tests/records/sqlite/group/chapter/tutorial001.txt from="Heroes:" to="COMMIT" hl="TEXT" *}``.

For a ``.txt`` record (a recorded run), rendered entry by entry (``transcripts``):

- ``from="TEXT"`` starts the excerpt at the first line containing TEXT, ``to="TEXT"`` ends
  it at the first line at or after the start containing TEXT; the entries (statements,
  warnings, printed lines) those lines belong to are shown whole. Without them the whole
  record is shown.
- ``hl="TEXT"`` (repeatable) highlights every shown line that contains TEXT, the lines
  that prove what the page says; TEXT must occur in the excerpt.

When the project records on other databases too (``databases`` in its configuration), the
same excerpt of the step's record on each is made with the same options, and if its lines
differ from the main (SQLite) excerpt's, the block becomes content tabs, one per database
("SQLite", "PostgreSQL"). The ``from`` and ``to`` markers must be in every record; a
highlight must be in the main excerpt, and is marked in another where it occurs there.
"""

from __future__ import annotations

from tutorial_recorder.databases.base import Database
from tutorial_recorder.site import transcripts
from tutorial_recorder.site.directives.base import (
    Context,
    FileKind,
    Included,
    IncludeError,
    Options,
)
from tutorial_recorder.site.directives.blocks import Html, Tabs


def render(file: Included, context: Context) -> Html | Tabs:
    target, text, options = file.target, file.text, file.options
    try:
        record = context.resolved(target)
        module = context.module_for(record)
    except ValueError:
        raise IncludeError(f"{target}: a recorded run is a .txt under tests/records/") from None
    step = context.step_of(module)
    if step is None:
        raise IncludeError(f"{target}: a record of no step ({context.relative(module)})")
    main, *others = context.databases()
    for database in others:
        if record == context.transcript(module, database):
            return _excerpt(target, text, options, _on(step, database))
    first = _excerpt(target, text, options, context.python_command(module))
    tabs = [(main.label, first)]
    for database in others:
        twin = context.transcript(module, database)
        twin_target = context.relative(twin)
        twin_text = context.read(twin_target, twin)
        excerpt = _excerpt(twin_target, twin_text, options, _on(step, database), True)
        if excerpt.shown != first.shown:
            tabs.append((database.label, excerpt))
    return first if len(tabs) == 1 else Tabs(tabs)


def _on(step: str, database: Database) -> str:
    """The command that runs ``step`` on ``database``, heading its excerpt."""
    return f"companion run {step} --on {database.name}"


def _range(target: str, lines: list[str], options: Options) -> tuple[int, int]:
    """The first and last record lines (0-based) the ``from`` and ``to`` options give."""
    start, end = 0, len(lines) - 1
    if "from" in options:
        start = _find(target, lines, options["from"][-1], 0)
    if "to" in options:
        end = _find(target, lines, options["to"][-1], start)
    return start, end


def _excerpt(target: str, text: str, options: Options, command: str, twin: bool = False) -> Html:
    """The excerpt of the record ``target`` (``text``) that ``options`` choose, headed by
    ``command``. Every ``hl`` must be in it, unless it is another database's ``twin`` of the
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


DIRECTIVE = FileKind(".txt", frozenset({"from", "to", "hl"}), render)
