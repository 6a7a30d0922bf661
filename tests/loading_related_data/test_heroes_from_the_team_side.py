"""Claims of the many-to-many from the team side page (curriculum D.9), on the recorded run."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent

from ..conftest import Run

MODULE = DOCS_SRC / "loading_related_data" / "heroes_from_the_team_side" / "tutorial001.py"


def test_appending_to_team_heroes_inserts_one_link_row_and_nothing_else(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after="Spider-Boy appended", before="Committed")
    assert sent == [
        Sent("INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)", (1, 2)),
        Sent("COMMIT", None),
    ]


@pytest.mark.on_both
def test_the_hero_side_sees_the_new_team(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert printed[0] == "Preventers before: []"
    assert printed[-1] == "Spider-Boy's teams: ['Preventers']"
