"""Claims of the page on a link with extra fields for saved rows (curriculum D.9)."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent, query

from ..conftest import Run

MODULE = DOCS_SRC / "loading_related_data" / "link_saved_rows" / "tutorial001.py"


def test_a_link_between_saved_rows_is_one_insert_with_its_extra_field(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after="A new link", before="Committed")
    assert sent == [
        Sent(
            "INSERT INTO heroteamlink (team_id, hero_id, is_training) VALUES (?, ?, ?)",
            (1, 1, 1),
        ),
        Sent("COMMIT", None),
    ]


@pytest.mark.on_both
def test_the_link_is_read_back_with_is_training(tutorial_run: Run) -> None:
    transcript = tutorial_run(MODULE)
    assert transcript.reading.printed[-1] == "Spider-Boy: Preventers, training: True"
    rows = query(transcript.state, "SELECT * FROM heroteamlink").rows
    assert rows == [(1, 1, 1)]
