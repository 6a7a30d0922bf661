"""This project's layout, for the tests that name its files: the project object the plugin
passes to the harness (``tutorial_recorder.project.paths.Project``), its databases, and where
the harness's own package lies in the tree (a uv workspace member), and its records' bytes."""

from __future__ import annotations

from pathlib import Path

from tutorial_recorder.databases.registry import named
from tutorial_recorder.project import config

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tutorial-recorder" / "src" / "tutorial_recorder"
PROJECT = config.load(ROOT)
DOCS_SRC = PROJECT.modules_folders[0]
SQLITE = named("sqlite")
POSTGRESQL = named("postgresql")


def record_bytes() -> dict[str, bytes]:
    """Every record file's bytes, by its path from the root: compared before and after a
    test, to show that it changed no record."""
    return {path.relative_to(ROOT).as_posix(): path.read_bytes() for path in PROJECT.record_files()}
