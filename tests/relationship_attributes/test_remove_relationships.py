"""Claims of the remove_relationships page (curriculum B.4)."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC

from ..conftest import Run

MODULE = DOCS_SRC / "relationship_attributes" / "remove_relationships" / "tutorial001.py"


def test_hero_team_none_then_commit_updates_team_id_to_null(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    sent = reading.sent(after="Committing spider_boy.team = None", before="Spider-Boy after commit")
    assert sent[:2] == [
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", (None, 3)),
        ("COMMIT", None),
    ]


@pytest.mark.on_both
def test_assigning_none_sends_nothing_until_the_commit(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert (
        reading.sent(after="His team: Preventers", before="Committing spider_boy.team = None") == []
    )


@pytest.mark.on_both
def test_nothing_is_deleted(tutorial_run: Run) -> None:
    assert not any(s.startswith("DELETE") for s in tutorial_run(MODULE).reading.statements)


@pytest.mark.on_both
def test_the_hero_row_has_no_team_after_the_commit(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "His team: Preventers" in printed
    assert (
        "Spider-Boy after commit: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' "
        "age=None team_id=None"
    ) in printed
    assert "His team now: None" in printed
