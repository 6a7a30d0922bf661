"""The generated comparison of every step's records on SQLite and on PostgreSQL.

Every step has records of its run on SQLite and of its run on PostgreSQL
(``tutorial_recorder.project.paths``). ``generate`` compares the two for every step and writes, for
each cause of difference (the ``databases`` causes of ``tutorial_recorder.compare.causes``), the
steps where it shows and one example, then each step's diff from its SQLite record to its
PostgreSQL record. Each changed line, or run of lines where their number changes, goes
under the first cause that explains it; one that none explains under the ``unexplained``
heading, so nothing is left out.

``write`` regenerates ``FILE`` in the project's comparisons folder, which a docs page
includes; ``companion compare databases`` runs it. ``problems`` checks the file's checksum
and that it is what the current records give, so the test suite notices a hand edit, and a
page gone stale after records were accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutorial_recorder.compare import changes, fragment
from tutorial_recorder.compare.causes import Cause, Causes, Change
from tutorial_recorder.compare.prose import count, listed
from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import of
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import KINDS, TRANSCRIPT, Project
from tutorial_recorder.records import messages

FILE = "sqlite_and_postgresql.md"
COMMAND = "companion compare databases"
SOURCES = "the records"
EXAMPLE_LINES = 6
CODE_FENCE = "```"


@dataclass
class Found:
    """Where one cause shows: the steps, the changed lines and the first example."""

    cause: Cause
    steps: list[str] = field(default_factory=list)
    lines: int = 0
    example: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def path(project: Project) -> Path:
    """Where the comparison goes in ``project``."""
    return project.comparisons / FILE


def command(project: Project, causes: Causes) -> str:
    """The command that regenerates the file, as its first line and the messages name it."""
    return causes.command or project.command(COMMAND)


def generate(project: Project, causes: Causes) -> str:
    """The file, from the records as they are."""
    found = {cause.title: Found(cause) for cause in (*causes.causes, causes.unexplained)}
    diffs: list[tuple[str, str]] = []
    main, other = compared(project)
    every = steps.steps(project)
    for step in every:
        ran = _read(other.record_for(project, step.module, TRANSCRIPT))
        ended = next((cause for cause in causes.causes if cause.ends(ran)), None)
        for kind in KINDS:
            sqlite = _read(main.record_for(project, step.module, kind))
            postgresql = _read(other.record_for(project, step.module, kind))
            if sqlite == postgresql:
                continue
            name = project.relative(other.record_for(project, step.module, kind))
            diff = messages.diff(sqlite, postgresql, name)
            diff = diff.replace(f"--- {name} (record)", f"--- {main.label}", 1)
            diffs.append((step.id, diff.replace(f"+++ {name} (this run)", f"+++ {name}", 1)))
            pieces = changes.line_by_line(sqlite, postgresql)
            moved = frozenset({line for r, _ in pieces for line in r}) & frozenset(
                line for _, a in pieces for line in a
            )
            for removed, added in pieces:
                own = causes.of(Change(removed, added, moved))
                place = found[(ended or own).title]
                if not place.example[1] and own is place.cause:
                    place.example = (removed[-EXAMPLE_LINES:], added[-EXAMPLE_LINES:])
                if step.id not in place.steps:
                    place.steps.append(step.id)
                place.lines += max(len(removed), len(added))
    differing = len(dict.fromkeys(step for step, _ in diffs))
    between = f"between {main.label} and {other.label}"
    body = [f"{differing} of the {len(every)} steps differ {between}.", ""]
    for place in found.values():
        if not place.steps:
            continue
        removed, added = place.example
        body += [
            f"### {place.cause.title}",
            "",
            place.cause.explanation,
            "",
            f"{count(place.lines, 'line')} in {count(len(place.steps), 'step')}: "
            + listed([f"`{step}`" for step in place.steps])
            + ". For example:",
            "",
            *diff_block(removed, added),
        ]
    body += ["### Every step", ""]
    for step_id, diff in diffs:
        name = diff.split("\n", 2)[1].removeprefix("+++ ")
        body += note(f"{step_id}: {name}", diff)
    return fragment.with_header(body, command(project, causes), SOURCES)


def compared(project: Project) -> tuple[Database, Database]:
    """The two databases compared: the project's main one and the next it records on."""
    main, other, *_ = of(project)
    return main, other


def diff_block(removed: tuple[str, ...], added: tuple[str, ...]) -> list[str]:
    """Lines that change, as a Markdown diff block: ``-`` on SQLite, ``+`` on PostgreSQL."""
    lines = [*(f"-{line}" for line in removed), *(f"+{line}" for line in added)]
    return [CODE_FENCE + "diff", *lines, CODE_FENCE, ""]


def note(title: str, diff: str) -> list[str]:
    """A unified diff in a collapsed note titled ``title``."""
    lines = [f"    {line}" if line else "" for line in diff.rstrip("\n").split("\n")]
    return [f'??? note "{title}"', "", f"    {CODE_FENCE}diff", *lines, f"    {CODE_FENCE}", ""]


def problems(project: Project, causes: Causes, text: str) -> list[str]:
    """Why ``text``, the committed file, is not what the records give; empty when it is."""
    _, found = fragment.unedited(text, command(project, causes))
    if found:
        return found
    if text != generate(project, causes):
        return [f"it no longer matches the records; run {command(project, causes)}"]
    return []


def write(project: Project, causes: Causes) -> str:
    """Regenerate the file; what was done, in one sentence."""
    return fragment.write(project, path(project), generate(project, causes))


def _read(record: Path) -> str:
    return record.read_text(encoding="utf-8") if record.is_file() else ""
