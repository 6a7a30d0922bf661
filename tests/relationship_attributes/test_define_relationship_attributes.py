"""Claims of the define_relationship_attributes page (curriculum B.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import DOCS_SRC

from ..conftest import Run

MODULE = DOCS_SRC / "relationship_attributes" / "define_relationship_attributes" / "tutorial001.py"
PLAIN_FOREIGN_KEY = DOCS_SRC / "connect_tables" / "create_connected_tables" / "tutorial001.py"

EXPECTED_DDL = [
    "CREATE TABLE team (\n"
    "\tid INTEGER NOT NULL,\n"
    "\tname VARCHAR NOT NULL,\n"
    "\theadquarters VARCHAR NOT NULL,\n"
    "\tPRIMARY KEY (id)\n"
    ")",
    "CREATE INDEX ix_team_name ON team (name)",
    "CREATE TABLE hero (\n"
    "\tid INTEGER NOT NULL,\n"
    "\tname VARCHAR NOT NULL,\n"
    "\tsecret_name VARCHAR NOT NULL,\n"
    "\tage INTEGER,\n"
    "\tteam_id INTEGER,\n"
    "\tPRIMARY KEY (id),\n"
    "\tFOREIGN KEY(team_id) REFERENCES team (id)\n"
    ")",
    "CREATE INDEX ix_hero_age ON hero (age)",
    "CREATE INDEX ix_hero_name ON hero (name)",
]


def ddl(run: Run, module: Path) -> list[str]:
    return [s for s in run(module).reading.statements if s.startswith("CREATE ")]


def create_tables(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("CREATE TABLE")]


def test_relationship_attributes_add_no_columns_the_ddl_is_the_expected_text(
    tutorial_run: Run,
) -> None:
    assert ddl(tutorial_run, MODULE) == EXPECTED_DDL


@pytest.mark.on_both
def test_relationship_attributes_add_no_columns_the_ddl_equals_the_plain_foreign_key_models(
    tutorial_run: Run,
) -> None:
    mine, plain = ddl(tutorial_run, MODULE), ddl(tutorial_run, PLAIN_FOREIGN_KEY)
    assert create_tables(plain), "the plain foreign-key module sent no CREATE TABLE"
    assert create_tables(mine) == create_tables(plain)
    assert mine == plain


@pytest.mark.on_both
def test_the_mapped_columns_do_not_include_the_relationships(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "Team columns: ['id', 'name', 'headquarters']" in printed
    assert "Hero columns: ['id', 'name', 'secret_name', 'age', 'team_id']" in printed


@pytest.mark.on_both
def test_each_relationship_points_at_the_other_model(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "Team.heroes -> Hero (ONETOMANY)" in printed
    assert "Hero.team -> Team (MANYTOONE)" in printed


@pytest.mark.on_both
def test_relationship_attributes_leave_the_diagram_of_the_tables_as_it_was(
    tutorial_run: Run,
) -> None:
    assert tutorial_run(MODULE).diagram == tutorial_run(PLAIN_FOREIGN_KEY).diagram
