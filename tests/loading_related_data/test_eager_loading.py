"""Claims of the eager loading page (curriculum D.2), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent

from ..conftest import Run
from .statements import kinds

GROUP = DOCS_SRC / "loading_related_data"
LAZY_TEAMS = GROUP / "lazy_loading" / "tutorial001.py"
LAZY_HEROES = GROUP / "lazy_loading" / "tutorial002.py"
SELECTIN = GROUP / "eager_loading" / "tutorial001.py"
JOINED = GROUP / "eager_loading" / "tutorial002.py"

HEROES_OF_THE_TEAMS = (
    "SELECT hero.team_id, hero.id, hero.name, hero.secret_name, hero.age\nFROM hero\n"
    "WHERE hero.team_id IN "
)


@pytest.mark.on_both
def test_selectinload_prints_what_the_lazy_listing_prints(tutorial_run: Run) -> None:
    assert tutorial_run(SELECTIN).reading.printed == tutorial_run(LAZY_TEAMS).reading.printed


@pytest.mark.on_both
def test_selectinload_sends_two_selects_for_three_teams_and_for_five(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN).reading
    first = reading.statements_between("Listing the teams:", "Listed 3 teams.")
    again = reading.statements_between("Listing the teams again:", "Listed 5 teams.")
    assert kinds(first) == kinds(again) == ["BEGIN", "SELECT", "SELECT"]


def test_the_second_select_asks_for_every_team_s_heroes_with_in(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN).reading
    first = reading.sent(after="Listing the teams:", before="Listed 3 teams.")
    again = reading.sent(after="Listing the teams again:", before="Listed 5 teams.")
    assert first[-1] == Sent(HEROES_OF_THE_TEAMS + "(?, ?, ?)", (1, 2, 3))
    assert again[-1] == Sent(HEROES_OF_THE_TEAMS + "(?, ?, ?, ?, ?)", (1, 2, 3, 4, 5))


@pytest.mark.on_both
def test_with_selectinload_reading_the_lists_sends_nothing(tutorial_run: Run) -> None:
    assert tutorial_run(SELECTIN).reading.statements_between("Avengers", "Listed 3 teams.") == []


@pytest.mark.on_both
def test_joinedload_prints_what_the_lazy_listing_prints(tutorial_run: Run) -> None:
    assert tutorial_run(JOINED).reading.printed == tutorial_run(LAZY_HEROES).reading.printed


@pytest.mark.on_both
def test_joinedload_sends_one_select_with_a_left_outer_join(tutorial_run: Run) -> None:
    reading = tutorial_run(JOINED).reading
    assert reading.statements_between("Listing the heroes:", "Listed 4 heroes.") == [
        "BEGIN (implicit)",
        "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id, "
        "team_1.id AS id_1, team_1.name AS name_1, team_1.headquarters\n"
        "FROM hero LEFT OUTER JOIN team AS team_1 ON team_1.id = hero.team_id",
    ]
