"""Claims of the lazy loading page (curriculum D.1), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent

from ..conftest import Run
from .statements import kinds

CHAPTER = DOCS_SRC / "loading_related_data" / "lazy_loading"
TEAMS = CHAPTER / "tutorial001.py"
HEROES = CHAPTER / "tutorial002.py"

HEROES_OF_A_TEAM = (
    "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
    "FROM hero\n"
    "WHERE ? = hero.team_id"
)
TEAM_BY_ID = "SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id = ?"


@pytest.mark.on_both
def test_three_teams_take_one_select_for_the_teams_and_one_for_each_team(tutorial_run: Run) -> None:
    sent = tutorial_run(TEAMS).reading.statements_between("Listing the teams:", "Listed 3 teams.")
    assert kinds(sent) == ["BEGIN", "SELECT", "SELECT", "SELECT", "SELECT"]


@pytest.mark.on_both
def test_five_teams_take_six_selects(tutorial_run: Run) -> None:
    sent = tutorial_run(TEAMS).reading.statements_between(
        "Listing the teams again:", "Listed 5 teams."
    )
    assert kinds(sent) == ["BEGIN", *["SELECT"] * 6]


def test_each_team_s_heroes_are_selected_when_its_list_is_read(tutorial_run: Run) -> None:
    reading = tutorial_run(TEAMS).reading
    for team_id, team in enumerate(["Avengers", "Z-Force", "Preventers"], start=1):
        # from the line with the team's name to the line with its heroes
        assert reading.sent(after=team, before="  heroes:") == [Sent(HEROES_OF_A_TEAM, (team_id,))]


@pytest.mark.on_both
def test_the_team_list_is_one_select_before_any_team_is_printed(tutorial_run: Run) -> None:
    sent = tutorial_run(TEAMS).reading.sent(after="Listing the teams:", before="Avengers")
    assert [s.statement for s in sent] == [
        "BEGIN (implicit)",
        "SELECT team.id, team.name, team.headquarters\nFROM team",
    ]


@pytest.mark.on_both
def test_every_team_is_listed_with_its_heroes(tutorial_run: Run) -> None:
    assert tutorial_run(TEAMS).reading.printed_after("Listing the teams again:") == [
        "Avengers",
        "  heroes: []",
        "Z-Force",
        "  heroes: ['Deadpond']",
        "Preventers",
        "  heroes: ['Rusty-Man', 'Spider-Boy']",
        "Freedom Fighters",
        "  heroes: []",
        "Wakaland",
        "  heroes: ['Black Lion']",
        "Listed 5 teams.",
    ]


def test_four_heroes_take_one_select_for_the_heroes_and_one_for_each_new_team(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(HEROES).reading
    sent = reading.statements_between("Listing the heroes:", "Listed 4 heroes.")
    assert kinds(sent) == ["BEGIN", "SELECT", "SELECT", "SELECT"]
    assert reading.sent(after="Deadpond", before="  team:") == [Sent(TEAM_BY_ID, (2,))]
    assert reading.sent(after="Rusty-Man", before="  team:") == [Sent(TEAM_BY_ID, (3,))]


@pytest.mark.on_both
def test_a_team_already_loaded_and_a_hero_without_a_team_send_nothing(tutorial_run: Run) -> None:
    reading = tutorial_run(HEROES).reading
    assert reading.statements_between("Spider-Boy", "Listed 4 heroes.") == []
    assert reading.printed_after("Spider-Boy") == [
        "  team: Preventers",
        "Dr. Weird",
        "  team: None",
        "Listed 4 heroes.",
    ]
