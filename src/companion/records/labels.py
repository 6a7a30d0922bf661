"""What each kind of record and each database is called in messages, reports and pages."""

from __future__ import annotations

from companion.project import paths

KIND_NAMES = {
    paths.TRANSCRIPT: "transcript",
    paths.STATE: "final database",
    paths.DIAGRAM: "diagram",
}
DATABASE_NAMES = {paths.SQLITE: "SQLite", paths.POSTGRESQL: "PostgreSQL"}
