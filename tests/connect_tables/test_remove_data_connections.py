"""Claims of the remove_data_connections page (curriculum A.5), asserted on the recorded run."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent, query

from ..conftest import Run

MODULE = DOCS_SRC / "connect_tables" / "remove_data_connections" / "tutorial001.py"


def test_the_update_sets_team_id_null(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    printed = reading.printed
    on_team = next(line for line in printed if line.startswith("Spider-Boy on a team:"))
    assert "id=3 " in on_team
    assert on_team.endswith("team_id=1")
    assert reading.sent(after="Spider-Boy on a team:")[:2] == [
        Sent("UPDATE hero SET team_id=? WHERE hero.id = ?", (None, 3)),
        Sent("COMMIT", None),
    ]
    without = next(line for line in printed if line.startswith("Spider-Boy without a team:"))
    assert without.endswith("team_id=None")
    state = tutorial_run(MODULE).state
    spider_boy = query(state, "SELECT team_id FROM hero WHERE name = 'Spider-Boy'")
    assert spider_boy.rows == [(None,)]


@pytest.mark.on_both
def test_nothing_is_deleted(tutorial_run: Run) -> None:
    statements = tutorial_run(MODULE).reading.statements
    assert not [s for s in statements if s.startswith("DELETE")]
