"""This project's layout, for the tests that name its files: the project object the plugin
passes to the harness (``companion.project.paths.Project``), and its databases."""

from __future__ import annotations

from pathlib import Path

from companion.databases.registry import named
from companion.project import config

ROOT = Path(__file__).resolve().parents[1]
PROJECT = config.load(ROOT)
DOCS_SRC = PROJECT.modules_folders[0]
SQLITE = named("sqlite")
POSTGRESQL = named("postgresql")
