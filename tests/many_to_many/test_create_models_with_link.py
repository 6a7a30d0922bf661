"""Claims of the create-models-with-a-link page (curriculum C.2), on the recorded runs."""

from __future__ import annotations

import pytest

from companion.project.paths import DOCS_SRC
from companion.records import database

from ..conftest import Run

CHAPTER = DOCS_SRC / "many_to_many" / "create_models_with_link"
MODELS = CHAPTER / "tutorial001.py"
TWICE = CHAPTER / "tutorial002.py"


def _create_table(run: Run, name: str) -> str:
    [ddl] = [s for s in run(MODELS).reading.statements if s.startswith(f"CREATE TABLE {name} (")]
    return ddl


@pytest.mark.on_both
def test_the_link_table_has_a_composite_primary_key_and_two_foreign_keys(run: Run) -> None:
    ddl = _create_table(run, "heroteamlink")
    assert "PRIMARY KEY (team_id, hero_id)" in ddl
    assert ddl.count("FOREIGN KEY(") == 2
    assert "FOREIGN KEY(team_id) REFERENCES team (id)" in ddl
    assert "FOREIGN KEY(hero_id) REFERENCES hero (id)" in ddl
    printed = run(MODELS).reading.printed
    assert "Primary key columns: ['team_id', 'hero_id']" in printed
    assert "Foreign key: team_id -> team.id" in printed
    assert "Foreign key: hero_id -> hero.id" in printed


@pytest.mark.on_both
def test_the_link_columns_are_not_null_although_the_fields_are_optional(run: Run) -> None:
    ddl = _create_table(run, "heroteamlink").splitlines()
    assert [line.strip() for line in ddl[1:3]] == [
        "team_id INTEGER NOT NULL,",
        "hero_id INTEGER NOT NULL,",
    ]


@pytest.mark.on_both
def test_the_hero_table_has_no_team_column(run: Run) -> None:
    assert "team" not in _create_table(run, "hero").replace("CREATE TABLE hero", "")
    assert "Columns of hero: ['id', 'name', 'secret_name', 'age']" in run(MODELS).reading.printed


@pytest.mark.on_both
def test_the_link_table_is_created_after_the_tables_it_points_at(run: Run) -> None:
    created = [s.split()[2] for s in run(MODELS).reading.statements if s.startswith("CREATE TABLE")]
    assert created == ["team", "hero", "heroteamlink"]


@pytest.mark.on_both
def test_python_accepts_the_same_team_twice_in_the_list(run: Run) -> None:
    printed = run(TWICE).reading.printed
    assert "Deadpond's teams in Python: ['Preventers', 'Preventers']" in printed
    assert "Never printed: the database refuses the row" not in printed


def test_the_primary_key_refuses_a_second_identical_link(run: Run) -> None:
    reading = run(TWICE).reading
    sent = reading.sent(after="Committing the second, identical link", before=None)
    assert [(s.statement, s.parameters) for s in sent] == [
        ("INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)", (1, 1)),
        ("ROLLBACK", None),
    ]
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.IntegrityError"
    assert reading.error.message.startswith(
        "(sqlite3.IntegrityError) UNIQUE constraint failed: "
        "heroteamlink.team_id, heroteamlink.hero_id"
    )


@pytest.mark.on_both
def test_after_the_refusal_the_database_still_holds_one_link(run: Run) -> None:
    assert database.query(run(TWICE).state, "SELECT team_id, hero_id FROM heroteamlink").rows == [
        (1, 1)
    ]


def test_on_postgresql_the_primary_key_refuses_the_link_with_its_constraint_name(
    run_postgresql: Run,
) -> None:
    reading = run_postgresql(TWICE).reading
    sent = reading.sent(after="Committing the second, identical link", before=None)
    assert [(s.statement, s.parameters) for s in sent] == [
        (
            "INSERT INTO heroteamlink (team_id, hero_id) "
            "VALUES (%(team_id)s::INTEGER, %(hero_id)s::INTEGER)",
            {"team_id": 1, "hero_id": 1},
        ),
        ("ROLLBACK", None),
    ]
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.IntegrityError"
    assert reading.error.message.startswith(
        "(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint "
        '"heroteamlink_pkey"\n'
        "DETAIL:  Key (team_id, hero_id)=(1, 1) already exists.\n"
    )
