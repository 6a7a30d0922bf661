"""Claims of the create-models-with-a-link page (curriculum C.2), on the recorded runs."""

from __future__ import annotations

import sqlite3

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.testing import comparison_diffs, query

from ..conftest import Run

CHAPTER = DOCS_SRC / "many_to_many" / "create_models_with_link"
MODELS = CHAPTER / "tutorial001.py"
TWICE = CHAPTER / "tutorial002.py"


def _create_table(run: Run, name: str) -> str:
    [ddl] = [s for s in run(MODELS).reading.statements if s.startswith(f"CREATE TABLE {name} (")]
    return ddl


@pytest.mark.on_both
def test_the_link_table_has_a_composite_primary_key_and_two_foreign_keys(tutorial_run: Run) -> None:
    ddl = _create_table(tutorial_run, "heroteamlink")
    assert "PRIMARY KEY (team_id, hero_id)" in ddl
    assert ddl.count("FOREIGN KEY(") == 2
    assert "FOREIGN KEY(team_id) REFERENCES team (id)" in ddl
    assert "FOREIGN KEY(hero_id) REFERENCES hero (id)" in ddl
    printed = tutorial_run(MODELS).reading.printed
    assert "Primary key columns: ['team_id', 'hero_id']" in printed
    assert "Foreign key: team_id -> team.id" in printed
    assert "Foreign key: hero_id -> hero.id" in printed


@pytest.mark.on_both
def test_the_link_columns_are_not_null_although_the_fields_are_optional(tutorial_run: Run) -> None:
    ddl = _create_table(tutorial_run, "heroteamlink").splitlines()
    assert [line.strip() for line in ddl[1:3]] == [
        "team_id INTEGER NOT NULL,",
        "hero_id INTEGER NOT NULL,",
    ]


@pytest.mark.on_both
def test_the_hero_table_has_no_team_column(tutorial_run: Run) -> None:
    assert "team" not in _create_table(tutorial_run, "hero").replace("CREATE TABLE hero", "")
    assert (
        "Columns of hero: ['id', 'name', 'secret_name', 'age']"
        in tutorial_run(MODELS).reading.printed
    )


@pytest.mark.on_both
def test_the_link_table_is_created_after_the_tables_it_points_at(tutorial_run: Run) -> None:
    created = [
        s.split()[2]
        for s in tutorial_run(MODELS).reading.statements
        if s.startswith("CREATE TABLE")
    ]
    assert created == ["team", "hero", "heroteamlink"]


@pytest.mark.on_both
def test_python_accepts_the_same_team_twice_in_the_list(tutorial_run: Run) -> None:
    printed = tutorial_run(TWICE).reading.printed
    assert "Deadpond's teams in Python: ['Preventers', 'Preventers']" in printed
    assert "Never printed: the database refuses the row" not in printed


def test_the_primary_key_refuses_a_second_identical_link(tutorial_run: Run) -> None:
    reading = tutorial_run(TWICE).reading
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
def test_after_the_refusal_the_database_still_holds_one_link(tutorial_run: Run) -> None:
    assert query(tutorial_run(TWICE).state, "SELECT team_id, hero_id FROM heroteamlink").rows == [
        (1, 1)
    ]


def test_on_postgresql_the_primary_key_refuses_the_link_with_its_constraint_name(
    tutorial_run_postgresql: Run,
) -> None:
    reading = tutorial_run_postgresql(TWICE).reading
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


LOOSE_LINK = (
    "CREATE TABLE loose_link (team_id INTEGER, hero_id INTEGER, PRIMARY KEY (team_id, hero_id));\n"
    "INSERT INTO loose_link VALUES (NULL, NULL), (NULL, NULL), (1, NULL);\n"
    "SELECT team_id, hero_id FROM loose_link;"
)


def test_sqlite_lets_a_composite_key_without_not_null_hold_nulls() -> None:
    assert query("", LOOSE_LINK).rows == [(None, None), (None, None), (1, None)]


def test_a_single_integer_primary_key_never_holds_null() -> None:
    rowid_alias = (
        "CREATE TABLE t (id INTEGER PRIMARY KEY);\nINSERT INTO t VALUES (NULL);\nSELECT id FROM t;"
    )
    assert query("", rowid_alias).rows == [(1,)]


@pytest.mark.on_both
def test_the_not_null_of_the_link_columns_is_what_refuses_an_empty_id(tutorial_run: Run) -> None:
    with pytest.raises(
        sqlite3.IntegrityError, match=r"^NOT NULL constraint failed: heroteamlink\.team_id$"
    ):
        query(tutorial_run(MODELS).state, "INSERT INTO heroteamlink VALUES (NULL, 1)")


# the duplicate link row per SQLAlchemy version, as the upgrade matrix recorded it

TWICE_RECORD = "tests/records/sqlite/many_to_many/create_models_with_link/tutorial002.txt"


def _changed_lines(fragment: str) -> tuple[list[str], list[str]]:
    """The removed and added lines of this step's diff in a generated matrix file."""
    lines = comparison_diffs((PROJECT.comparisons / fragment).read_text())[TWICE_RECORD]
    body = [line for line in lines[2:] if not line.startswith("@@")]
    return [ln[1:] for ln in body if ln.startswith("-")], [ln[1:] for ln in body if ln[:1] == "+"]


def test_under_the_lowest_set_the_duplicate_link_row_is_never_sent() -> None:
    removed, added = _changed_lines("lowest_set.md")
    engine = "INFO sqlalchemy.engine.Engine "
    # what SQLAlchemy 2.0.14 did in place of the record's INSERT, ROLLBACK and error
    assert removed[-2:] == [f"{engine}COMMIT", "Never printed: the database refuses the row"]
    assert not any("INSERT INTO heroteamlink" in line for line in removed)
    assert added[1:4] == [
        f"{engine}INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)",
        f"{engine}[cached since ...s ago] (1, 1)",
        f"{engine}ROLLBACK",
    ]


def test_under_sqlalchemy_2_0_the_duplicate_link_row_is_sent_and_refused_too() -> None:
    removed, added = _changed_lines("sqlalchemy_2_0_vs_2_1.md")
    # only the two causes: the labels of one SELECT and the link of the error
    assert [
        (
            old.replace(" AS team_id", "")
            .replace(" AS team_name", "")
            .replace(" AS team_headquarters", "")
            .replace("/e/20/", "/e/21/")
        )
        for old in removed
    ] == added
    assert len(added) == 2
