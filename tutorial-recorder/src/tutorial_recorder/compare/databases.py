"""The generated comparisons of every step's records on SQLite and on each other database.

Every step has records of its run on SQLite and on each other database the project records
on, PostgreSQL and MariaDB here (``tutorial_recorder.project.paths``), so the pages read
three ways. ``generate`` compares SQLite's records with one other database's (``other``,
by default the first) for every step and writes, for each cause of difference, the steps
where it shows and one example, then each step's diff from its SQLite record to its record
on the other database. A database's causes (``tutorial_recorder.compare.causes``) are the
table ``databases_NAME`` of ``causes.toml`` where there is one (``databases_mariadb``),
else ``databases``. Each changed line, or run of lines where their number changes, goes
under the first cause that explains it; one that none explains under the ``unexplained``
heading, so nothing is left out.

``write`` regenerates one file per other database in the project's comparisons folder
(``sqlite_and_postgresql.md``, ``sqlite_and_mariadb.md``), which the docs pages include;
``companion compare databases`` runs it for each. ``problems`` checks the file's checksum
and that it is what the current records give, so the test suite notices a hand edit, and a
page gone stale after records were accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutorial_recorder.compare import causes as causes_file
from tutorial_recorder.compare import changes, fragment
from tutorial_recorder.compare.causes import Cause, Causes, Change
from tutorial_recorder.compare.prose import count, listed
from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import of
from tutorial_recorder.project import steps
from tutorial_recorder.project import toml as tomllib
from tutorial_recorder.project.paths import KINDS, TRANSCRIPT, Project
from tutorial_recorder.records import messages

FILE = "sqlite_and_postgresql.md"
"""The comparison with the first other database; each has ``{main}_and_{other}.md``."""
CAUSES = "databases"
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


def path(project: Project, other: Database | None = None) -> Path:
    """Where the comparison with ``other`` (the first other database) goes in ``project``."""
    main, other = compared(project, other)
    return project.comparisons / f"{main.name}_and_{other.name}.md"


def causes_table(project: Project, other: Database) -> str:
    """The table of ``causes.toml`` that explains the differences on ``other``: its own
    (``databases_mariadb``) where there is one, else ``databases``."""
    own = f"{CAUSES}_{other.name}"
    try:
        document = tomllib.loads((project.comparisons / causes_file.FILE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        document = {}  # reading the causes says what is wrong with the file
    return own if own in document else CAUSES


def causes_of(project: Project, other: Database) -> Causes:
    """The causes of the differences on ``other`` (``causes_table``)."""
    return causes_file.of(project, causes_table(project, other))


def command(project: Project, causes: Causes) -> str:
    """The command that regenerates the file, as its first line and the messages name it."""
    return causes.command or project.command(COMMAND)


def generate(project: Project, causes: Causes, other: Database | None = None) -> str:
    """The file comparing with ``other``, from the records as they are."""
    found = {cause.title: Found(cause) for cause in (*causes.causes, causes.unexplained)}
    diffs: list[tuple[str, str]] = []
    main, other = compared(project, other)
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


def compared(project: Project, other: Database | None = None) -> tuple[Database, Database]:
    """The two databases compared: the project's main one and ``other``, by default the
    next it records on."""
    main, first, *_ = of(project)
    return main, first if other is None else other


def others(project: Project) -> tuple[Database, ...]:
    """Every database compared with the main one, in the project's order."""
    return of(project)[1:]


def diff_block(removed: tuple[str, ...], added: tuple[str, ...]) -> list[str]:
    """Lines that change, as a Markdown diff block: ``-`` on SQLite, ``+`` on the other."""
    lines = [*(f"-{line}" for line in removed), *(f"+{line}" for line in added)]
    return [CODE_FENCE + "diff", *lines, CODE_FENCE, ""]


def note(title: str, diff: str) -> list[str]:
    """A unified diff in a collapsed note titled ``title``."""
    lines = [f"    {line}" if line else "" for line in diff.rstrip("\n").split("\n")]
    return [f'??? note "{title}"', "", f"    {CODE_FENCE}diff", *lines, f"    {CODE_FENCE}", ""]


def problems(
    project: Project, causes: Causes, text: str, other: Database | None = None
) -> list[str]:
    """Why ``text``, the committed file, is not what the records give; empty when it is."""
    _, found = fragment.unedited(text, command(project, causes))
    if found:
        return found
    if text != generate(project, causes, other):
        return [f"it no longer matches the records; run {command(project, causes)}"]
    return []


def write(project: Project, causes: Causes, other: Database | None = None) -> str:
    """Regenerate the file comparing with ``other``; what was done, in one sentence."""
    return fragment.write(project, path(project, other), generate(project, causes, other))


def _read(record: Path) -> str:
    return record.read_text(encoding="utf-8") if record.is_file() else ""
