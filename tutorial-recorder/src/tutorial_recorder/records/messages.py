"""What to tell a maintainer when a run and its records disagree."""

from __future__ import annotations

import difflib
from pathlib import Path

from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.transcript import Transcript


def missing(project: Project, record: Path) -> str:
    relative = project.relative
    return (
        f"{relative(project.module_for(record))} has no record at {relative(record)}.\n"
        f"Record it with `{project.create}`, read the new file, and commit it."
    )


def orphan(project: Project, record: Path) -> str:
    return (
        f"{project.relative(record)} records a module that does not exist.\n"
        "Delete the record, or restore the module it belongs to."
    )


def diff(recorded: str, fresh: str, name: str) -> str:
    """A unified diff from the record to a fresh run."""
    lines = difflib.unified_diff(
        recorded.splitlines(keepends=True),
        fresh.splitlines(keepends=True),
        fromfile=f"{name} (record)",
        tofile=f"{name} (this run)",
    )
    return "".join(lines)


def stale(project: Project, record: Path, fresh: str, transcript: Transcript) -> str:
    """The failure message for a run whose ``fresh`` text differs from ``record``."""
    name = project.relative(record)
    message = (
        f"The run of {project.relative(project.module_for(record))} differs from its record "
        f"{name}.\nIf the change is intended, accept it with `{project.accept}`, review the diff, "
        "and commit.\n\n" + diff(record.read_text(encoding="utf-8"), fresh, name)
    )
    return message + error_report(transcript)


def error_report(transcript: Transcript) -> str:
    """For a run that ended with an uncaught error: the transcript so far and the traceback."""
    error = transcript.error
    if error is None:
        return ""
    return (
        f"\n\nThe module ended with {error.type}.\n"
        f"Transcript so far:\n{transcript.text}\n"
        f"Full traceback:\n{error.traceback}"
    )
