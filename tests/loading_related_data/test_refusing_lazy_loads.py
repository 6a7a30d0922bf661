"""Claims of the refusing lazy loads page (curriculum D.4), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Error

from ..conftest import Run
from .statements import kinds

CHAPTER = DOCS_SRC / "loading_related_data" / "refusing_lazy_loads"
LAZY_RAISE = CHAPTER / "tutorial001.py"
RAISELOAD = CHAPTER / "tutorial002.py"


@pytest.mark.on_both
def test_lazy_raise_lets_a_requested_load_through(tutorial_run: Run) -> None:
    reading = tutorial_run(LAZY_RAISE).reading
    first = "Listing the teams, their heroes asked for:"
    assert kinds(reading.statements_between(first, "  Avengers")) == ["BEGIN", "SELECT", "SELECT"]
    assert reading.printed_after(first)[:3] == [
        "  Avengers: []",
        "  Z-Force: ['Deadpond']",
        "  Preventers: ['Rusty-Man', 'Spider-Boy']",
    ]


@pytest.mark.on_both
def test_lazy_raise_ends_the_run_at_the_first_unloaded_list(tutorial_run: Run) -> None:
    reading = tutorial_run(LAZY_RAISE).reading
    after = reading.sent(after="Listing the teams, their heroes not asked for:")
    assert kinds([s.statement for s in after]) == ["BEGIN", "SELECT", "ROLLBACK"]
    assert reading.printed[-1] == "Listing the teams, their heroes not asked for:"
    assert reading.error == Error(
        "sqlalchemy.exc.InvalidRequestError", "'Team.heroes' is not available due to lazy='raise'"
    )


@pytest.mark.on_both
def test_raiseload_loads_the_columns_and_refuses_the_relationship(tutorial_run: Run) -> None:
    reading = tutorial_run(RAISELOAD).reading
    assert reading.printed_after("Listing the heroes, every relationship refused:") == [
        "  Deadpond, team_id=2",
        "  Rusty-Man, team_id=3",
        "  Spider-Boy, team_id=3",
        "  Dr. Weird, team_id=None",
        "Reading Deadpond's team:",
    ]
    assert [s.statement for s in reading.sent(after="Reading Deadpond's team:")] == ["ROLLBACK"]
    assert reading.error == Error(
        "sqlalchemy.exc.InvalidRequestError", "'Hero.team' is not available due to lazy='raise'"
    )
