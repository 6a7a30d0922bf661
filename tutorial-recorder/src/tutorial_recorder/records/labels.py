"""What each kind of record is called in messages, reports and pages (each database names
itself: ``tutorial_recorder.databases.base.Database.label``)."""

from __future__ import annotations

from tutorial_recorder.project import paths

KIND_NAMES = {
    paths.TRANSCRIPT: "transcript",
    paths.STATE: "final database",
    paths.DIAGRAM: "diagram",
}
