"""Claims of the two foreign keys page (curriculum D.9), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Database, Error, Sent, query

from ..conftest import Run

CHAPTER = DOCS_SRC / "loading_related_data" / "two_foreign_keys"
AMBIGUOUS = CHAPTER / "tutorial001.py"
NAMED = CHAPTER / "tutorial002.py"
JOIN_TEAM = CHAPTER / "tutorial003.py"
JOIN_ALONG = CHAPTER / "tutorial004.py"


@pytest.mark.on_both
def test_without_foreign_keys_the_models_cannot_be_used(tutorial_run: Run) -> None:
    reading = tutorial_run(AMBIGUOUS).reading
    assert reading.printed == []
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.AmbiguousForeignKeysError"
    assert reading.error.message.startswith(
        "Could not determine join condition between parent/child tables on relationship "
        "Team.heroes - there are multiple foreign key paths linking the tables.  Specify the "
        "'foreign_keys' argument"
    )


def test_each_relationship_goes_through_its_own_column(tutorial_run: Run) -> None:
    reading = tutorial_run(NAMED).reading
    assert reading.printed == [
        "Deadpond's team: Preventers",
        "Deadpond's former team: Z-Force",
        "The Preventers' heroes: ['Deadpond', 'Rusty-Man']",
    ]
    assert reading.sent(after="Deadpond's team:", before="Deadpond's former team:") == [
        Sent("SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id = ?", (2,))
    ]
    [heroes] = reading.sent(after="Deadpond's former team:", before="The Preventers' heroes:")
    assert heroes.statement.endswith("FROM hero\nWHERE ? = hero.team_id")
    assert heroes.parameters == (1,)


@pytest.mark.on_both
def test_without_foreign_keys_the_tables_are_created_before_the_error(tutorial_run: Run) -> None:
    columns = query(tutorial_run(AMBIGUOUS).state, "PRAGMA table_info('hero')").rows
    assert [column[1] for column in columns] == [
        "id",
        "name",
        "secret_name",
        "age",
        "team_id",
        "former_team_id",
    ]


@pytest.mark.on_both
def test_join_team_fails_with_ambiguous_foreign_keys_before_any_select(tutorial_run: Run) -> None:
    reading = tutorial_run(JOIN_TEAM).reading
    assert reading.printed[-1] == "Joining hero to team with .join(Team):"
    assert [s.statement for s in reading.sent(after="Joining hero to team")] == [
        "BEGIN (implicit)",
        "ROLLBACK",
    ]
    assert reading.error == Error(
        "sqlalchemy.exc.AmbiguousForeignKeysError",
        "Can't determine join between 'hero' and 'team'; tables have more than one foreign "
        "key constraint relationship between them. Please specify the 'onclause' of this "
        "join explicitly.",
    )


@pytest.mark.on_both
def test_joining_along_each_relationship_uses_its_own_column(
    tutorial_run: Run, tutorial_database: Database
) -> None:
    reading = tutorial_run(JOIN_ALONG).reading
    join = "INNER JOIN" if tutorial_database.name == "mariadb" else "JOIN"  # MySQL's words
    assert reading.error is None
    assert reading.printed_after("Joining along Hero.team:") == [
        "The Preventers' heroes: ['Deadpond', 'Rusty-Man']",
        "Joining along Hero.former_team:",
        "Z-Force's former heroes: ['Deadpond']",
    ]
    begin, current = reading.statements_between("Joining along Hero.team:", "The Preventers'")
    assert begin == "BEGIN (implicit)"
    [former] = reading.statements_between("Joining along Hero.former_team:", "Z-Force's")
    assert f"\nFROM hero {join} team ON team.id = hero.team_id\n" in current
    assert f"\nFROM hero {join} team ON team.id = hero.former_team_id\n" in former
