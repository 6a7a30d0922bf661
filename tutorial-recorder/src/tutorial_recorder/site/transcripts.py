"""A recorded run as a page shows it: one HTML entry per item of the record, by kind.

The record is read with ``tutorial_recorder.records.reading`` (the same reading the claim tests
use) and each item becomes an entry whose class says its kind: ``printed``, ``sql``
(a statement, highlighted as SQL by Pygments, with its parameters line under it),
``warning`` or ``error``. The echo lines' level and logger (``INFO
sqlalchemy.engine.Engine``) are said once, in the block's header, instead of on every
line. Each line of the record is its own ``line`` element, so a line the browser wraps is
styled as a continuation while a statement's own next line (``FROM team``) starts anew.

The block opens with the command that was run, and its ``data-copy`` attribute holds the
excerpt's lines as the record has them, which the theme's copy button copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import SqlLexer

from tutorial_recorder.records.reading import Reading
from tutorial_recorder.site.running import breakable

_SQL = SqlLexer()
_FORMAT = HtmlFormatter(nowrap=True)
LEGEND = {"sql": "SQL", "printed": "printed", "warning": "warning", "error": "error"}


@dataclass(frozen=True)
class Entry:
    kind: str
    lines: tuple[str, ...]
    """The record's lines, as they are."""
    shown: tuple[tuple[str, str], ...]
    """What the page shows, line by line: (role, text), role "" or "parameters"."""
    logger: str = ""


def entries(text: str) -> list[Entry]:
    """The record ``text`` as entries, in order; together their lines are the record's."""
    reading = Reading.parse(text)
    found: list[Entry] = []
    for item in reading.items:
        if item.kind == "parameters" and found and found[-1].kind == "sql":
            last = found[-1]
            shown = (*last.shown, ("parameters", item.text))
            found[-1] = Entry("sql", last.lines + item.lines, shown, last.logger)
        elif item.kind in ("sql", "parameters"):
            role = "" if item.kind == "sql" else "parameters"
            shown = tuple((role, line) for line in item.text.split("\n"))
            found.append(Entry("sql", item.lines, shown, item.logger))
        else:
            found.append(Entry(item.kind, item.lines, tuple(("", line) for line in item.lines)))
    if reading.error is not None:
        lines = reading.error.lines
        found.append(Entry("error", lines, tuple(("", line) for line in lines)))
    return found


def excerpt(found: list[Entry], first: int, last: int) -> list[Entry]:
    """The entries that have a line between record lines ``first`` and ``last`` (0-based,
    both included): an excerpt never cuts a statement or a warning in two."""
    kept: list[Entry] = []
    start = 0
    for entry in found:
        end = start + len(entry.lines) - 1
        if end >= first and start <= last:
            kept.append(entry)
        start = end + 1
    return kept


def render(command: str, shown: Sequence[Entry], highlights: Sequence[str], summary: str) -> str:
    """The HTML of ``shown``, headed by the ``command`` that runs it; lines containing one of
    ``highlights`` are marked. ``summary`` says which part of the run this is (empty for the
    whole run)."""
    loggers = sorted({entry.logger for entry in shown if entry.logger})
    kinds = [kind for kind in LEGEND if any(entry.kind == kind for entry in shown)]
    legend = "".join(f'<span class="legend {kind}">{LEGEND[kind]}</span>' for kind in kinds)
    if loggers:
        names = ", ".join(f"<code>{escape(name)}</code>" for name in loggers)
        legend += f'<span class="logger">SQL lines logged as {names}</span>'
    header = f'<span class="command">$ {breakable(escape(command))}</span>'
    if summary:
        header += f'<span class="comment"> # {escape(summary)}</span>'
    body = "".join(_entry(entry, highlights, len(loggers) > 1) for entry in shown)
    copied = escape("\n".join(line for entry in shown for line in entry.lines))
    copied = copied.replace("\n", "&#10;")
    return (
        f'<div class="transcript highlight" data-copy="{copied}">'
        f'<p class="transcript-legend">{legend}</p>'
        f'<pre><code><span class="line console">{header}</span>{body}</code></pre></div>'
    )


def highlighted(shown: Sequence[Entry], wanted: str) -> bool:
    """Whether ``wanted`` occurs in a line the page shows."""
    return any(wanted in text for entry in shown for _, text in entry.shown)


def _entry(entry: Entry, highlights: Sequence[str], name_logger: bool) -> str:
    lines = []
    for number, (role, text) in enumerate(entry.shown):
        classes = " ".join(filter(None, ["line", role, _hl(text, highlights)]))
        content = _sql(text) if entry.kind == "sql" and not role else escape(text)
        if role == "parameters":
            content = _parameters(text)
        if name_logger and number == 0:
            content = f'<span class="logger">{escape(entry.logger)}</span> {content}'
        lines.append(f'<span class="{classes}">{content}</span>')
    return f'<span class="entry {entry.kind}">{"".join(lines)}</span>'


def _hl(text: str, highlights: Sequence[str]) -> str:
    return "hl" if any(wanted in text for wanted in highlights) else ""


def _sql(text: str) -> str:
    return highlight(text, _SQL, _FORMAT).rstrip("\n")


def _parameters(text: str) -> str:
    badge, closing, rest = text.partition("] ")
    if not text.startswith("[") or not closing:
        return escape(text)
    return f'<span class="badge">{escape(badge)}]</span> {escape(rest)}'
