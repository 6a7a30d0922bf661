"""Claims of the detached objects page (curriculum D.5), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Error, query

from ..conftest import Run
from .statements import kinds

CHAPTER = DOCS_SRC / "loading_related_data" / "detached_objects"
DETACHED = CHAPTER / "tutorial001.py"
LOADED_FIRST = CHAPTER / "tutorial002.py"
NOT_EXPIRED = CHAPTER / "tutorial003.py"
QUERIED_NOT_EXPIRED = CHAPTER / "tutorial004.py"
LOADED_IN_THE_QUERY = CHAPTER / "tutorial005.py"

AFTER_CLOSE = "Reading Black Lion's team after the session closed:"
CANNOT_LOAD_THE_TEAM = Error(
    "sqlalchemy.orm.exc.DetachedInstanceError",
    "Parent instance <Hero at 0x...> is not bound to a Session; lazy load operation of "
    "attribute 'team' cannot proceed (Background on this error at: "
    "https://sqlalche.me/e/21/bhk3)",
)
WAKALAND = "id=4 name='Wakaland' headquarters='Wakaland Capital City'"


@pytest.mark.on_both
def test_after_the_session_closes_hero_team_raises_detached_instance_error(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(DETACHED).reading
    assert reading.printed[-1] == AFTER_CLOSE
    assert [s.statement for s in reading.sent(after=AFTER_CLOSE)] == []
    assert reading.error == CANNOT_LOAD_THE_TEAM


def test_loading_the_team_before_closing_reloads_the_hero_and_its_team(tutorial_run: Run) -> None:
    reading = tutorial_run(LOADED_FIRST).reading
    sent = reading.statements_between("Loading Black Lion's team while", WAKALAND)
    assert kinds(sent) == ["BEGIN", "SELECT", "SELECT"]
    assert sent[1].endswith("FROM hero\nWHERE hero.id = ?")
    assert sent[2].endswith("FROM team\nWHERE team.id = ?")


@pytest.mark.on_both
def test_a_team_loaded_before_closing_is_read_after_without_sql(tutorial_run: Run) -> None:
    reading = tutorial_run(LOADED_FIRST).reading
    assert reading.printed_after(AFTER_CLOSE) == [WAKALAND]
    assert [s.statement for s in reading.sent(after=AFTER_CLOSE)] == []
    assert reading.error is None


@pytest.mark.on_both
def test_without_expiring_the_commit_reloads_nothing(tutorial_run: Run) -> None:
    reading = tutorial_run(NOT_EXPIRED).reading
    assert reading.statements_between("Black Lion is saved", "id=4") == []
    assert reading.printed_after(AFTER_CLOSE)[0] == WAKALAND


@pytest.mark.on_both
def test_without_expiring_the_object_keeps_a_stale_headquarters(tutorial_run: Run) -> None:
    transcript = tutorial_run(NOT_EXPIRED)
    reading = transcript.reading
    assert reading.statements_between("Another session moved", "id=4") == []
    assert reading.printed_after("Black Lion's team as the object still has it:") == [WAKALAND]
    rows = query(transcript.state, "SELECT headquarters FROM team WHERE id = 4").rows
    assert rows == [("Birnin Zana",)]


SPIDER_BOY_AFTER_CLOSE = "Reading Spider-Boy's team after the session closed:"


@pytest.mark.on_both
def test_a_queried_hero_is_detached_without_his_team_even_unexpired(tutorial_run: Run) -> None:
    reading = tutorial_run(QUERIED_NOT_EXPIRED).reading
    assert reading.statements_between("Found by a query", "Committed") == ["COMMIT"]
    assert reading.printed[-1] == SPIDER_BOY_AFTER_CLOSE
    assert reading.sent(after=SPIDER_BOY_AFTER_CLOSE) == []
    assert reading.error == CANNOT_LOAD_THE_TEAM


@pytest.mark.on_both
def test_eager_loading_in_the_query_makes_the_team_readable_after_close(tutorial_run: Run) -> None:
    reading = tutorial_run(LOADED_IN_THE_QUERY).reading
    sent = reading.sent(before="Found by a query")
    select_team = sent[-1].statement
    assert kinds([s.statement for s in sent[-3:]]) == ["BEGIN", "SELECT", "SELECT"]
    assert select_team.startswith("SELECT team.id") and "WHERE team.id IN (" in select_team
    assert reading.printed_after(SPIDER_BOY_AFTER_CLOSE) == [
        "id=3 name='Preventers' headquarters='Sharp Tower'"
    ]
    assert reading.sent(after=SPIDER_BOY_AFTER_CLOSE) == []
    assert reading.error is None
