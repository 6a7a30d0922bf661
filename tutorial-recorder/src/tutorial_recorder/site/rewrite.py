"""Typed output replaced by recorded output: each block the audit matched to a record
(``tutorial_recorder.site.audit``) becomes an include of that record's excerpt::

    {* tests/records/sqlite/x/tutorial001.txt from="INSERT INTO team" to="COMMIT" *}

The markers are cut from the block's first and last lines that the excerpt directive
(``directives.excerpt``) finds again exactly there: ``from`` must pick the record's line that
the block starts with (the first line containing it), ``to`` the line it ends with (the
first at or after the start), and both must be in the step's record on every other
database the project records on. Each marker is the shortest start of its line's words
(after the logger's name; two words at least, where it has two) that does this; a line no
marker picks is passed for the next one inward.

A page is written in one step (``tutorial_recorder.records.files.write``), and only when
every include on it expands (``includes.expand``), before and after: a page is either as
it was or wholly rewritten.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.databases.registry import of
from tutorial_recorder.project.paths import TRANSCRIPT, Project
from tutorial_recorder.records import files
from tutorial_recorder.site.audit import Finding
from tutorial_recorder.site.includes import IncludeError, expand

LOGGER = "INFO sqlalchemy.engine.Engine "
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Rewritten:
    """What ``rewrite_page`` did to one block: its include, or why it was left."""

    finding: Finding
    include: str | None
    reason: str | None = None


def rewrite_page(project: Project, page: Path, findings: list[Finding]) -> list[Rewritten]:
    """Replace every block of ``findings`` (all of ``page``) that has a record with its
    include, and write the page if any was replaced."""
    original = page.read_text(encoding="utf-8")
    name = project.relative(page)
    try:
        expand(project, original, name)
    except IncludeError as error:
        return [Rewritten(item, None, f"the page does not build: {error}") for item in findings]
    lines = original.split("\n")
    done: list[Rewritten] = []
    for finding in sorted(findings, key=lambda found: -found.block.first):
        include = _include(project, finding)
        if isinstance(include, Rewritten):
            done.append(include)
            continue
        block = finding.block
        lines[block.first : block.last + 1] = [f"{block.indent}{include}"]
        done.append(Rewritten(finding, include))
    done.reverse()
    if not any(item.include for item in done):
        return done
    text = "\n".join(lines)
    try:
        expand(project, text, name)
    except IncludeError as error:
        reason = f"the rewritten page would not build: {error}"
        return [Rewritten(item.finding, None, reason) for item in done]
    files.write(page, text.encode("utf-8"))
    return done


def _include(project: Project, finding: Finding) -> str | Rewritten:
    """The include that replaces ``finding``'s block, or why there is none."""
    if finding.record is None or finding.window is None:
        return Rewritten(finding, None, "no record matches it")
    lines = (files.read(finding.record) or "").split("\n")
    others = [_twin(project, finding.record, database.name) for database in of(project)[1:]]
    start, end = finding.window
    picked = _markers(lines, others, start, end)
    if picked is None:
        return Rewritten(finding, None, "no marker picks its first and last lines in the record")
    first, last = picked
    target = project.relative(finding.record)
    return f"{{* {target} {_option('from', first)} {_option('to', last)} *}}"


def _twin(project: Project, record: Path, database: str) -> str:
    module = project.module_for(record)
    return files.read(project.record_for(module, TRANSCRIPT, database)) or ""


def _markers(lines: list[str], others: list[str], start: int, end: int) -> tuple[str, str] | None:
    """Markers for the first and last lines from ``start`` to ``end`` that one picks."""
    for first in range(start, end + 1):
        opening = _marker(lines, first, 0, others)
        if opening is None:
            continue
        for last in range(end, first - 1, -1):
            closing = _marker(lines, last, first, others)
            if closing is not None:
                return opening, closing
        return None
    return None


def _marker(lines: list[str], index: int, after: int, others: list[str]) -> str | None:
    """The shortest start of line ``index``'s words (two at least) that the first line at or after
    ``after`` containing it is, and that every other record has."""
    text = lines[index].removeprefix(LOGGER)
    words = list(WORD.finditer(text))
    for word in words[min(1, len(words) - 1) :]:
        marker = text[: word.end()].lstrip()
        hit = next((n for n in range(after, len(lines)) if marker in lines[n]), None)
        if hit == index and all(marker in other for other in others):
            return marker
    return None


def _option(key: str, value: str) -> str:
    """``key="value"``, quoted so that the include reads it back whole."""
    if '"' in value or "\\" in value:
        return shlex.quote(f"{key}={value}")
    return f'{key}="{value}"'
