"""This project's layout, for the tests that name its files: the project object the plugin
passes to the harness (``tutorial_recorder.project.paths.Project``), its databases, and where
the harness's own package lies in the tree (a uv workspace member)."""

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
