"""Is everything up to date? A fresh run of each step against its records, and each page.

The same checks as the plugin's record and include tests, without pytest, for the
command line's ``diff`` and ``check``, on each database the project records on: a run on
PostgreSQL is compared with PostgreSQL's records. Records are only read, never
written, and read exactly (``tutorial_recorder.records.files``): a record with CRLF line ends
differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.databases.base import Database, ServerError
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.project.paths import KINDS, Project
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records import files, messages
from tutorial_recorder.records.labels import KIND_NAMES
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner.recorder import StepError, record
from tutorial_recorder.site import includes


@dataclass(frozen=True)
class Difference:
    """A record that a fresh run does not match, or that does not exist."""

    record: Path
    name: str
    """The record's path from the project's root."""
    kind: str
    """One of ``paths.KINDS``."""
    recorded: str | None
    """The record's text; ``None`` if there is no record."""
    fresh: str
    defect: str | None = None
    """What makes the record something no run writes (``files.defect``), if anything."""

    @property
    def diff(self) -> str:
        """A unified diff from the record to the fresh run ("" if there is no record, or it
        is something no run writes, whose diff would show every line)."""
        if self.recorded is None or self.defect is not None:
            return ""
        return messages.diff(self.recorded, self.fresh, self.name)


def differences(
    project: Project, module: Path, transcript: Transcript, on: Database = MAIN
) -> list[Difference]:
    """The records of ``module`` on database ``on`` that ``transcript``, a fresh run of it
    there, does not match."""
    found: list[Difference] = []
    for kind in KINDS:
        path = on.record_for(project, module, kind)
        recorded = files.read(path)
        fresh = transcript.recorded(kind)
        defect = files.defect(project, path)
        if recorded != fresh or defect is not None:
            name = project.relative(path)
            found.append(Difference(path, name, kind, recorded, fresh, defect))
    return found


@dataclass(frozen=True)
class Problem:
    """One thing that is not up to date: where it is, and what is wrong, in one message."""

    where: str
    message: str


def where(project: Project, step: Step, on: Database) -> str:
    """How a problem names ``step`` run on ``on``: with the database's name when the project
    records on more than one."""
    return step.id if len(project.databases) == 1 else f"{step.id} on {on.label}"


def step_problems(project: Project, step: Step, on: Database = MAIN) -> list[Problem]:
    """Run ``step`` on a database of its own on ``on``; a problem for each record it does not
    match."""
    try:
        transcript = record(project, step.module, on=on)
    except (StepError, ServerError) as error:
        return [Problem(where(project, step, on), str(error))]
    return [
        Problem(where(project, step, on), _problem(difference))
        for difference in differences(project, step.module, transcript, on)
    ]


def _problem(difference: Difference) -> str:
    if difference.defect is not None:
        return difference.defect
    if difference.recorded is None:
        return f"{difference.name}: no record of its {KIND_NAMES[difference.kind]}"
    return f"{difference.name}: the {KIND_NAMES[difference.kind]} differs from a fresh run"


def orphan_problems(project: Project, steps: list[Step]) -> list[Problem]:
    """A problem for each record whose module does not exist."""
    expected = {record for step in steps for record in project.every_record_of(step.module)}
    return [
        Problem(project.relative(path), "a record of a module that does not exist")
        for path in project.record_files()
        if path not in expected
    ]


def page_problems(project: Project, page: Path) -> list[Problem]:
    """Expand ``page``: every include and SQL block; a problem for the first that fails."""
    name = project.relative(page)
    try:
        includes.expand(project, page.read_text(encoding="utf-8"), name)
    except includes.IncludeError as error:
        return [Problem(f"{error.page}:{error.line}", error.message)]
    return []


@dataclass(frozen=True)
class Blocks:
    includes: int
    sql: int


def blocks(page: Path) -> Blocks:
    """How many include directives and SQL blocks ``page`` has."""
    lines = page.read_text(encoding="utf-8").split("\n")
    return Blocks(
        sum(1 for line in lines if includes.DIRECTIVE.match(line)),
        sum(1 for line in lines if includes.SQL_FENCE.match(line)),
    )
