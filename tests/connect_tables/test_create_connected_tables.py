"""Claims of the create_connected_tables page (curriculum A.1), asserted on the recorded run."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import query

from ..conftest import Run

MODULE = DOCS_SRC / "connect_tables" / "create_connected_tables" / "tutorial001.py"


def _create_table(statements: list[str], name: str) -> str:
    [found] = [s for s in statements if s.startswith(f"CREATE TABLE {name} (")]
    return found


@pytest.mark.on_both
def test_the_ddl_has_a_foreign_key_from_hero_team_id_to_team_id(tutorial_run: Run) -> None:
    statements = tutorial_run(MODULE).reading.statements
    hero = _create_table(statements, "hero").splitlines()
    assert "\tteam_id INTEGER," in hero
    assert "\tFOREIGN KEY(team_id) REFERENCES team (id)" in hero
    assert "FOREIGN KEY" not in _create_table(statements, "team")


@pytest.mark.on_both
def test_the_team_table_is_created_before_the_hero_table(tutorial_run: Run) -> None:
    statements = tutorial_run(MODULE).reading.statements
    order = [s.split()[2] for s in statements if s.startswith("CREATE TABLE")]
    assert order == ["team", "hero"]


@pytest.mark.on_both
def test_the_model_reports_the_foreign_key(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert printed[-1] == "Foreign key: hero.team_id -> team.id"
    assert [line for line in printed if line.startswith("Foreign key:")] == [printed[-1]]


def test_sqlite_accepts_a_reference_to_a_table_not_yet_made() -> None:
    made = query(
        "",
        "CREATE TABLE hero (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team (id));\n"
        "SELECT name FROM sqlite_master;",
    )
    assert made.rows == [("hero",)]
