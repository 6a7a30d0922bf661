"""What a project's own tests import from the harness: this module is its public surface.

A claim test asks the plugin's ``tutorial_run`` fixture for a step's ``Transcript`` and reads it:
``tutorial_run(module).reading`` gives its printed lines, the statements sent (``Sent``), the
warnings and the final ``Error``; ``query`` and ``table`` read the database a run left
(``Transcript.state``). ``normalise`` and ``RULES`` are the rules every record is written
with, and ``Project`` with ``find_project``/``load_project`` the layout of
``[tool.tutorial-recorder]``; ``Database`` and ``database_named`` the databases a run is made on
(the ``tutorial_database`` fixture); ``comparison_diffs`` the diffs of a generated comparison
page, by the record each ends in; ``Ahead`` the ``tutorial_ahead`` fixture, slow work started
right after collection (``@pytest.mark.ahead.with_args(function)``, then
``tutorial_ahead.result(function)``). Everything else in the ``companion`` package is private
to it and may change without notice.
"""

from __future__ import annotations

from tutorial_recorder.compare.upgrades import diffs as comparison_diffs
from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import named as database_named
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.plugin.session import Run
from tutorial_recorder.project.config import find as find_project
from tutorial_recorder.project.config import load as load_project
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.database import Result, query, table
from tutorial_recorder.records.normalise import RULES, normalise
from tutorial_recorder.records.reading import Error, Reading, Sent, inserted, writes
from tutorial_recorder.records.transcript import Transcript

__all__ = [
    "RULES",
    "Ahead",
    "Database",
    "Error",
    "Project",
    "Reading",
    "Result",
    "Run",
    "Sent",
    "Transcript",
    "comparison_diffs",
    "database_named",
    "find_project",
    "inserted",
    "load_project",
    "normalise",
    "query",
    "table",
    "writes",
]
