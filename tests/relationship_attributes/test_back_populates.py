"""Claims of the back_populates page (curriculum B.5), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import query

from ..conftest import Run

CHAPTER = DOCS_SRC / "relationship_attributes" / "back_populates"
WITHOUT = CHAPTER / "tutorial001.py"
WITH = CHAPTER / "tutorial002.py"
SEVERAL = CHAPTER / "tutorial003.py"
FIRST_READ_AFTER = CHAPTER / "tutorial004.py"

AT_START = "Preventers heroes at the start: ['Rusty-Man', 'Spider-Boy']"
AFTER_COMMIT = "Preventers heroes after commit: ['Rusty-Man']"


@pytest.mark.on_both
def test_without_back_populates_the_list_still_shows_the_hero_before_commit(
    tutorial_run: Run,
) -> None:
    printed = tutorial_run(WITHOUT).reading.printed
    assert AT_START in printed
    assert "Preventers heroes before commit: ['Rusty-Man', 'Spider-Boy']" in printed


@pytest.mark.on_both
def test_without_back_populates_the_hero_is_gone_after_commit(tutorial_run: Run) -> None:
    assert AFTER_COMMIT in tutorial_run(WITHOUT).reading.printed


def test_without_back_populates_the_list_is_reloaded_by_a_select_after_commit(
    tutorial_run: Run,
) -> None:
    between = tutorial_run(WITHOUT).reading.statements_between(
        "Preventers heroes before commit", AFTER_COMMIT
    )
    assert between[0] == "UPDATE hero SET team_id=? WHERE hero.id = ?"
    assert "COMMIT" in between
    assert any(s.startswith("SELECT hero.id") and s.endswith("? = hero.team_id") for s in between)


@pytest.mark.on_both
def test_without_back_populates_sqlalchemy_warns_that_the_relationships_conflict(
    tutorial_run: Run,
) -> None:
    [warning] = tutorial_run(WITHOUT).reading.warnings
    assert warning.category == "SAWarning"
    assert "relationship 'Hero.team' will copy column team.id to column hero.team_id" in (
        warning.text
    )
    assert "conflicts with relationship(s): 'Team.heroes'" in warning.text
    assert "back_populates" in warning.text


@pytest.mark.on_both
def test_the_warning_names_four_ways_out(tutorial_run: Run) -> None:
    [warning] = tutorial_run(WITHOUT).reading.warnings
    ways = [
        "consider if these relationships should be linked with back_populates",
        "or if viewonly=True should be applied to one or more if they are read-only",
        "the orm.foreign() annotation can be used to isolate the columns",
        "To silence this warning, add the parameter 'overlaps=\"heroes\"'",
    ]
    assert [way in warning.text for way in ways] == [True] * 4


def test_without_back_populates_a_first_read_after_the_change_autoflushes_the_update(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(FIRST_READ_AFTER).reading
    sent = reading.sent(after="Off the team in Python", before="Preventers heroes before")
    assert [statement for statement, _ in sent] == [
        "UPDATE hero SET team_id=? WHERE hero.id = ?",
        "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
        "FROM hero\n"
        "WHERE ? = hero.team_id",
    ]
    assert sent[0].parameters == (None, 3)
    # the commit finds nothing left to write
    after = reading.statements_between("Preventers heroes before commit", AFTER_COMMIT)
    assert after[0] == "COMMIT"
    assert not any(statement.startswith("UPDATE") for statement in after)
    assert "Preventers heroes before commit: ['Rusty-Man']" in reading.printed
    assert AFTER_COMMIT in reading.printed


@pytest.mark.on_both
def test_autoflush_the_two_orders_differ_only_in_when_the_list_is_read(tutorial_run: Run) -> None:
    early, late = tutorial_run(WITHOUT).reading, tutorial_run(FIRST_READ_AFTER).reading
    assert sorted(early.statements) == sorted(late.statements)
    assert len(early.warnings) == len(late.warnings) == 1


@pytest.mark.on_both
def test_with_back_populates_the_list_is_right_before_commit(tutorial_run: Run) -> None:
    printed = tutorial_run(WITH).reading.printed
    assert AT_START in printed
    assert "Preventers heroes before commit: ['Rusty-Man']" in printed
    assert AFTER_COMMIT in printed


@pytest.mark.on_both
def test_with_back_populates_there_is_no_warning(tutorial_run: Run) -> None:
    assert tutorial_run(WITH).reading.warnings == []


@pytest.mark.on_both
def test_back_populates_changes_objects_not_sql(tutorial_run: Run) -> None:
    assert tutorial_run(WITH).reading.statements == tutorial_run(WITHOUT).reading.statements


@pytest.mark.on_both
def test_several_relationships_each_back_reference_is_set_before_saving(tutorial_run: Run) -> None:
    reading = tutorial_run(SEVERAL).reading
    printed = reading.printed
    assert printed[:4] == [
        "Nothing is saved yet; every back-reference is already filled in:",
        "  Avengers heroes: ['Thor']",
        "  Mjolnir's hero: Thor",
        "  Each power's hero: ['Thor', 'Thor']",
    ]
    # the back-references were read without a single statement reaching the database
    assert reading.statements_between("Nothing is saved yet", "  Each power's hero") == []


def test_several_relationships_one_commit_inserts_in_foreign_key_order(tutorial_run: Run) -> None:
    inserted = [
        s.split()[2]
        for s in tutorial_run(SEVERAL).reading.statements_between("Nothing is saved yet", "Saved:")
        if s.startswith("INSERT INTO")
    ]
    assert inserted == ["team", "weapon", "hero", "power", "power"]


WEAPON_SHARED = (
    "INSERT INTO hero (name, secret_name, weapon_id) VALUES ('Loki', 'Loki', 1);\n"
    "SELECT name, weapon_id FROM hero ORDER BY id;"
)


def test_several_relationships_the_database_lets_two_heroes_share_a_weapon(
    tutorial_run: Run,
) -> None:
    result = query(tutorial_run(SEVERAL).state, WEAPON_SHARED)
    assert result.rows == [("Thor", 1), ("Loki", 1)]


@pytest.mark.on_both
def test_several_relationships_run_without_warning_or_error(tutorial_run: Run) -> None:
    reading = tutorial_run(SEVERAL).reading
    assert reading.warnings == []
    assert reading.error is None
