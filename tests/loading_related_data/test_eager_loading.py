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


ON_THE_MODEL = GROUP / "eager_loading" / "tutorial003.py"
JOINED_LIST = GROUP / "eager_loading" / "tutorial004.py"


@pytest.mark.on_both
def test_lazy_selectin_on_the_relationship_sends_what_the_query_option_sends(
    tutorial_run: Run,
) -> None:
    on_the_model = tutorial_run(ON_THE_MODEL).reading
    option = tutorial_run(SELECTIN).reading
    assert on_the_model.printed == option.printed
    assert on_the_model.sent(after="Listing the teams:") == option.sent(after="Listing the teams:")
    assert "options(" not in ON_THE_MODEL.read_text(encoding="utf-8")


@pytest.mark.on_both
def test_joinedload_of_a_list_needs_unique_then_sends_one_select(tutorial_run: Run) -> None:
    reading = tutorial_run(JOINED_LIST).reading
    assert reading.printed_after("Listing the teams without .unique():")[0] == (
        "  refused: The unique() method must be invoked on this Result, as it contains "
        "results that include joined eager loads against collections"
    )
    refused = reading.statements_between("Listing the teams without", "  refused:")
    listed = reading.statements_between("Listing the teams:", "Listed 3 teams.")
    assert kinds(refused) == ["BEGIN", "SELECT"] and kinds(listed) == ["SELECT"]
    assert refused[1] == listed[0]
    assert "\nFROM team LEFT OUTER JOIN hero AS hero_1 ON team.id = hero_1.team_id" in listed[0]
    assert (
        reading.printed_after("Listing the teams:")
        == tutorial_run(SELECTIN).reading.printed_after("Listing the teams:")[:7]
    )


MANY_TEAMS = GROUP / "eager_loading" / "tutorial005.py"


@pytest.mark.on_both
def test_selectinload_of_501_teams_sends_an_in_list_of_500_and_one_of_1(tutorial_run: Run) -> None:
    # the echo truncates the parameters of the long IN list, so read the statements alone
    items = tutorial_run(MANY_TEAMS).reading.items
    texts = [(item.kind, item.text) for item in items]
    start = texts.index(("printed", "Listing the teams:"))
    listed = ("printed", "Listed 501 teams; their heroes: [('Black Lion', 'Team 501')]")
    sent = [text for kind, text in texts[start : texts.index(listed)] if kind == "sql"]
    assert kinds(sent) == ["BEGIN", "SELECT", "SELECT", "SELECT"]
    assert sent[2].startswith(HEROES_OF_THE_TEAMS) and sent[3].startswith(HEROES_OF_THE_TEAMS)
    in_lists = [statement.rpartition(" IN ")[2] for statement in sent[2:]]
    assert [in_list.count(", ") + 1 for in_list in in_lists] == [500, 1]
