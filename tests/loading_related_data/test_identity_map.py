"""Claims of the identity map page (curriculum D.3), asserted on the recorded run."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC

from ..conftest import Run
from .statements import kinds

MODULE = DOCS_SRC / "loading_related_data" / "identity_map" / "tutorial001.py"
TEAMS_NOT_KEPT = MODULE.with_name("tutorial002.py")


@pytest.mark.on_both
def test_the_session_sends_one_select_for_the_teams_and_one_for_the_heroes(
    tutorial_run: Run,
) -> None:
    sent = tutorial_run(MODULE).reading.statements_between("Loading the teams:", "Same object")
    assert kinds(sent) == ["BEGIN", "SELECT", "SELECT"]


@pytest.mark.on_both
def test_reading_each_hero_s_team_sends_no_sql(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.statements_between("Each hero's team:", "Asking the session") == []
    assert reading.printed_after("Each hero's team:")[:4] == [
        "  Deadpond: Z-Force",
        "  Rusty-Man: Preventers",
        "  Spider-Boy: Preventers",
        "  Dr. Weird: None",
    ]


@pytest.mark.on_both
def test_session_get_returns_the_object_already_loaded_without_sql(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.statements_between("Asking the session", "Same object") == []
    assert reading.printed[-1] == "Same object as in the list: True"


@pytest.mark.on_both
def test_teams_nobody_keeps_leave_the_map_and_hero_team_sends_a_select(tutorial_run: Run) -> None:
    reading = tutorial_run(TEAMS_NOT_KEPT).reading
    assert reading.printed_after("Teams: ['Avengers', 'Z-Force', 'Preventers']") == [
        "Objects in the identity map: 0",
        "Loading the heroes:",
        "Objects in the identity map: 4",
        "Each hero's team:",
        "  Deadpond: Z-Force",
        "  Rusty-Man: Preventers",
        "  Spider-Boy: Preventers",
        "  Dr. Weird: None",
        "Objects in the identity map: 6",
    ]
    assert kinds(reading.statements_between("Each hero's team:", "  Deadpond")) == ["SELECT"]
    assert kinds(reading.statements_between("  Deadpond", "  Rusty-Man")) == ["SELECT"]
    assert reading.statements_between("  Rusty-Man", "Objects in the identity map: 6") == []
    [select_team] = reading.statements_between("  Deadpond", "  Rusty-Man")
    assert select_team.startswith("SELECT team.id") and "WHERE team.id = " in select_team
