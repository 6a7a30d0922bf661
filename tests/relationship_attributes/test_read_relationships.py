"""Claims of the read_relationships page (curriculum B.3)."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC

from ..conftest import Run

MODULE = DOCS_SRC / "relationship_attributes" / "read_relationships" / "tutorial001.py"

SELECT_TEAM = "SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id = ?"
SELECT_HEROES_OF_TEAM = (
    "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
    "FROM hero\n"
    "WHERE ? = hero.team_id"
)


def test_selecting_a_hero_does_not_load_its_team(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.statements_between("Selecting Spider-Boy", "Spider-Boy:") == [
        "BEGIN (implicit)",
        "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
        "FROM hero\n"
        "WHERE hero.name = ?",
    ]
    assert reading.statements_between("Spider-Boy:", "Reading spider_boy.team") == []
    # the printed hero shows the team_id column, not the team
    assert (
        "Spider-Boy: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' age=None team_id=2"
        in (reading.printed)
    )


def test_hero_team_is_selected_when_the_attribute_is_read(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    between = reading.statements_between("Reading spider_boy.team", "Spider-Boy's team:")
    assert between == [SELECT_TEAM]
    assert reading.sent(after="Reading spider_boy.team", before="Spider-Boy's team:") == [
        (SELECT_TEAM, (2,))
    ]
    assert "Spider-Boy's team: id=2 name='Preventers' headquarters='Sharp Tower'" in (
        reading.printed
    )


@pytest.mark.on_both
def test_a_loaded_relationship_is_not_selected_again(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.statements_between("Reading spider_boy.team again", "Still the same") == []


def test_team_heroes_is_selected_when_the_attribute_is_read(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    between = reading.statements_between("Reading team.heroes", "Heroes of the team:")
    assert between == [SELECT_HEROES_OF_TEAM]
    assert reading.sent(after="Reading team.heroes", before="Heroes of the team:") == [
        (SELECT_HEROES_OF_TEAM, (2,))
    ]
    assert "Heroes of the team: ['Rusty-Man', 'Spider-Boy']" in reading.printed


TEAM_ALREADY_LOADED = MODULE.with_name("tutorial002.py")


@pytest.mark.on_both
def test_a_many_to_one_read_of_an_object_in_the_session_sends_no_sql(tutorial_run: Run) -> None:
    reading = tutorial_run(TEAM_ALREADY_LOADED).reading
    assert reading.statements_between("Reading spider_boy.team", "Spider-Boy's team:") == []
    assert "Spider-Boy's team: Preventers" in reading.printed
    assert "The object selected before: True" in reading.printed


def test_a_list_is_selected_even_when_its_objects_are_in_the_session(tutorial_run: Run) -> None:
    reading = tutorial_run(TEAM_ALREADY_LOADED).reading
    # Spider-Boy was selected before, yet the list still needs its SELECT
    assert reading.sent(after="Reading team.heroes", before="Heroes of the team:") == [
        (SELECT_HEROES_OF_TEAM, (2,))
    ]
    assert "Heroes of the team: ['Rusty-Man', 'Spider-Boy']" in reading.printed
