"""What each kind of record is called in messages, reports and pages (each database names
itself: ``companion.databases.base.Database.label``)."""

from __future__ import annotations

from companion.project import paths

KIND_NAMES = {
    paths.TRANSCRIPT: "transcript",
    paths.STATE: "final database",
    paths.DIAGRAM: "diagram",
}
