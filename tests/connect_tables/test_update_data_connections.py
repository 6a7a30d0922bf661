"""Claims of the update_data_connections page (curriculum A.4), asserted on the recorded run."""

from __future__ import annotations

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent, query

from ..conftest import Run

MODULE = DOCS_SRC / "connect_tables" / "update_data_connections" / "tutorial001.py"


def test_the_update_sets_team_id_to_the_teams_id(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    printed = reading.printed
    assert "Preventers id: 1" in printed
    before = next(line for line in printed if line.startswith("Spider-Boy before:"))
    assert "id=3 " in before
    assert before.endswith("team_id=None")
    assert reading.sent(after="Spider-Boy before:")[:2] == [
        Sent("UPDATE hero SET team_id=? WHERE hero.id = ?", (1, 3)),
        Sent("COMMIT", None),
    ]
    after = next(line for line in printed if line.startswith("Spider-Boy after:"))
    assert after.endswith("team_id=1")
    state = tutorial_run(MODULE).state
    spider_boy = query(state, "SELECT team_id FROM hero WHERE name = 'Spider-Boy'")
    assert spider_boy.rows == [(1,)]


def test_the_update_is_the_only_write(tutorial_run: Run) -> None:
    statements = tutorial_run(MODULE).reading.statements_between(
        "Spider-Boy before:", "Spider-Boy after:"
    )
    writes = [s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == ["UPDATE hero SET team_id=? WHERE hero.id = ?"]
