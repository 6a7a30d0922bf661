"""``companion check --json``: the verdicts of ``check``, one object each, for a program to
read. Each says what it is about (``step``, ``database`` and ``kind`` of record, or the
``page``), its ``status`` and a ``message``:

- a record of a step on a database: ``ok``, ``differs`` (from a fresh run), ``missing``
  (no record), ``defect`` (a record no run writes: CRLF line ends, a byte order mark...),
  or ``failed`` (the step could not be run; one verdict for the run, ``kind`` null);
  ``kind`` is ``transcript``, ``state`` (the final database) or ``diagram``;
- a record whose module does not exist: ``orphan`` (``kind`` ``record``);
- a page (``kind`` ``page``): ``ok``, or ``failed`` with the page and line of the first
  include that fails (``at``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutorial_recorder.cli import checks
from tutorial_recorder.databases.base import Database, ServerError
from tutorial_recorder.project.paths import DIAGRAM, KINDS, STATE, TRANSCRIPT, Project
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records.labels import KIND_NAMES
from tutorial_recorder.runner.recorder import StepError, record

Verdict = dict[str, Any]
PASSING = ("ok",)
KIND = {TRANSCRIPT: "transcript", STATE: "state", DIAGRAM: "diagram"}
"""How a kind of record is named in a verdict."""


def of_run(project: Project, step: Step, on: Database) -> list[Verdict]:
    """A verdict for each record of ``step`` on ``on``, from a fresh run there."""
    about = {"step": step.id, "database": on.name}
    try:
        transcript = record(project, step.module, on=on)
    except (StepError, ServerError) as error:
        return [{**about, "kind": None, "status": "failed", "message": str(error)}]
    found = {d.kind: d for d in checks.differences(project, step.module, transcript, on)}
    verdicts = []
    for kind in KINDS:
        name = project.relative(on.record_for(project, step.module, kind))
        what = KIND_NAMES[kind]
        difference = found.get(kind)
        if difference is None:
            status, message = "ok", f"{name}: the {what} matches a fresh run"
        elif difference.defect is not None:
            status, message = "defect", difference.defect
        elif difference.recorded is None:
            status, message = "missing", f"{name}: no record of its {what}"
        else:
            status, message = "differs", f"{name}: the {what} differs from a fresh run"
        verdicts.append(
            {**about, "kind": KIND[kind], "record": name, "status": status, "message": message}
        )
    return verdicts


def of_orphans(project: Project, every: list[Step]) -> list[Verdict]:
    """A verdict for each record whose module does not exist."""
    return [
        {"step": None, "database": None, "kind": "record", "record": problem.where}
        | {"status": "orphan", "message": problem.message}
        for problem in checks.orphan_problems(project, every)
    ]


def of_page(project: Project, page: Path) -> Verdict:
    """The verdict on ``page``: do its includes and SQL blocks expand?"""
    problems = checks.page_problems(project, page)
    verdict: Verdict = {"step": None, "database": None, "kind": "page"}
    verdict["page"] = project.relative(page)
    if not problems:
        return verdict | {"status": "ok", "message": "every include and SQL block expands"}
    return verdict | {"status": "failed", "at": problems[0].where, "message": problems[0].message}
