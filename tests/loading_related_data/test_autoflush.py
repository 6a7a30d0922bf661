"""Claims of the autoflush page (curriculum D.6), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent

from ..conftest import Run

CHAPTER = DOCS_SRC / "loading_related_data" / "autoflush"
AUTOFLUSH = CHAPTER / "tutorial001.py"
NO_AUTOFLUSH = CHAPTER / "tutorial002.py"

CHANGED = "Spider-Boy's team_id is None in memory"
UPDATE = Sent("UPDATE hero SET team_id=? WHERE hero.id = ?", (None, 3))
QUERY = Sent(
    "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
    "FROM hero JOIN team ON team.id = hero.team_id\nWHERE team.name = ?",
    ("Preventers",),
)


def test_the_query_sends_the_pending_update_first(tutorial_run: Run) -> None:
    reading = tutorial_run(AUTOFLUSH).reading
    assert reading.sent(after=CHANGED, before="Preventers:") == [UPDATE, QUERY]
    assert "Preventers: ['Rusty-Man']" in reading.printed


@pytest.mark.on_both
def test_with_autoflush_the_commit_has_nothing_left_to_send(tutorial_run: Run) -> None:
    assert tutorial_run(AUTOFLUSH).reading.statements_between("Preventers:", "Committed") == [
        "COMMIT"
    ]


def test_under_no_autoflush_the_query_goes_alone_and_sees_the_old_row(tutorial_run: Run) -> None:
    reading = tutorial_run(NO_AUTOFLUSH).reading
    assert reading.sent(after=CHANGED, before="Preventers:") == [QUERY]
    assert "Preventers: ['Rusty-Man', 'Spider-Boy']" in reading.printed


def test_under_no_autoflush_the_update_waits_for_the_commit(tutorial_run: Run) -> None:
    sent = tutorial_run(NO_AUTOFLUSH).reading.sent(after="Preventers:", before="Committed")
    assert sent == [UPDATE, Sent("COMMIT", None)]


def test_the_first_read_of_a_lazy_list_flushes_the_update_first(tutorial_run: Run) -> None:
    reading = tutorial_run(CHAPTER / "tutorial003.py").reading
    sent = reading.sent(after=CHANGED, before="Preventers:")
    assert sent == [
        UPDATE,
        Sent(
            "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
            "FROM hero\nWHERE ? = hero.team_id",
            (3,),
        ),
    ]
    assert "Preventers: ['Rusty-Man']" in reading.printed
