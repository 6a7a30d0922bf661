"""Claims of the delete-orphan page (curriculum D.7), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent, query

from ..conftest import Run
from .statements import kinds

CHAPTER = DOCS_SRC / "loading_related_data" / "delete_orphan"
LIST_LOADED = CHAPTER / "tutorial001.py"
NOTHING_LOADED = CHAPTER / "tutorial002.py"
TEAM_LOADED = CHAPTER / "tutorial003.py"
TEAM_OBJECT_LOADED = CHAPTER / "tutorial004.py"

COMMITTING = "Spider-Boy has no team; committing:"
DELETE = Sent("DELETE FROM hero WHERE hero.id = ?", (3,))
COMMIT = Sent("COMMIT", None)
SPIDER_BOY = "SELECT id, team_id FROM hero WHERE name = 'Spider-Boy'"


def test_with_the_list_loaded_leaving_the_team_deletes_the_hero(tutorial_run: Run) -> None:
    transcript = tutorial_run(LIST_LOADED)
    assert transcript.reading.sent(after=COMMITTING, before="Committed") == [DELETE, COMMIT]
    assert query(transcript.state, SPIDER_BOY).rows == []


def test_with_nothing_loaded_the_same_change_is_an_update(tutorial_run: Run) -> None:
    transcript = tutorial_run(NOTHING_LOADED)
    assert transcript.reading.sent(after=COMMITTING, before="Committed") == [
        Sent("UPDATE hero SET team_id=? WHERE hero.id = ?", (None, 3)),
        COMMIT,
    ]
    assert query(transcript.state, SPIDER_BOY).rows == [(3, None)]


def test_with_the_hero_s_team_read_first_the_hero_is_deleted(tutorial_run: Run) -> None:
    transcript = tutorial_run(TEAM_LOADED)
    reading = transcript.reading
    assert "Spider-Boy's team: Preventers" in reading.printed
    assert reading.sent(after=COMMITTING, before="Committed") == [DELETE, COMMIT]
    assert query(transcript.state, SPIDER_BOY).rows == []


@pytest.mark.on_both
def test_with_only_the_team_object_loaded_the_hero_is_deleted_without_a_select(
    tutorial_run: Run,
) -> None:
    transcript = tutorial_run(TEAM_OBJECT_LOADED)
    reading = transcript.reading
    assert reading.printed_after("Loaded the team, not its list: Preventers") == [
        "Loaded Spider-Boy, not his team: Spider-Boy",
        COMMITTING,
        "Committed",
    ]
    assert kinds(reading.statements_between("Loaded Spider-Boy", "Committed")) == [
        "DELETE",
        "COMMIT",
    ]
    assert query(transcript.state, SPIDER_BOY).rows == []
