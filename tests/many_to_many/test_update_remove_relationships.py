"""Claims of the update-and-remove page (curriculum C.4), on the recorded run."""

from __future__ import annotations

import re

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Sent, writes

from ..conftest import Run

MODULE = DOCS_SRC / "many_to_many" / "update_remove_relationships" / "tutorial001.py"
CREATE_DATA = DOCS_SRC / "many_to_many" / "create_data" / "tutorial001.py"
ADDING = "Adding Z-Force to Spider-Boy's teams"
ADDED = "Spider-Boy's teams after adding"
REMOVING = "Removing Z-Force from Spider-Boy's teams"
REMOVED = "Spider-Boy's teams after removing"


def _pair(run: Run) -> tuple[int, int]:
    """(Z-Force's id, Spider-Boy's id) as the run printed them."""
    [line] = [p for p in run(MODULE).reading.printed if p.startswith("Spider-Boy has id")]
    match = re.fullmatch(r"Spider-Boy has id (\d+), Z-Force has id (\d+)", line)
    assert match is not None
    return int(match.group(2)), int(match.group(1))


def _on_link_table(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if "heroteamlink" in s.statement]


def test_adding_a_team_sends_one_insert_on_the_link_table_and_nothing_else(
    tutorial_run: Run,
) -> None:
    sent = tutorial_run(MODULE).reading.sent(after=ADDING, before=ADDED)
    changed = writes(sent)
    assert [(s.statement, s.parameters) for s in changed] == [
        ("INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)", _pair(tutorial_run))
    ]
    assert writes(_on_link_table(sent)) == changed
    assert not any(s.statement.startswith("UPDATE") for s in sent)


def test_removing_a_team_sends_one_delete_on_the_link_table_and_nothing_else(
    tutorial_run: Run,
) -> None:
    sent = tutorial_run(MODULE).reading.sent(after=REMOVING, before=REMOVED)
    changed = writes(sent)
    assert [(s.statement, s.parameters) for s in changed] == [
        (
            "DELETE FROM heroteamlink WHERE heroteamlink.team_id = ? AND heroteamlink.hero_id = ?",
            _pair(tutorial_run),
        )
    ]
    assert writes(_on_link_table(sent)) == changed
    assert not any(s.statement.startswith("UPDATE") for s in sent)


def test_the_write_goes_out_at_the_commit_without_loading_the_other_list(tutorial_run: Run) -> None:
    # appending to spider_boy.teams also appends to z_force.heroes (back_populates), but
    # that list was never loaded, so no SELECT is needed before the INSERT
    statements = tutorial_run(MODULE).reading.statements_between(ADDING, ADDED)
    assert statements[:2] == [
        "INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)",
        "COMMIT",
    ]


def test_both_sides_show_each_change(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert printed[printed.index(ADDING) - 1 :] == [
        "Spider-Boy's teams at the start: ['Preventers']",
        ADDING,
        "Spider-Boy's teams after adding: ['Preventers', 'Z-Force']",
        "Z-Force heroes after adding: ['Deadpond', 'Spider-Boy']",
        REMOVING,
        "Spider-Boy's teams after removing: ['Preventers']",
        "Z-Force heroes after removing: ['Deadpond']",
    ]


@pytest.mark.on_both
def test_after_adding_and_removing_the_database_is_as_the_create_step_left_it(
    tutorial_run: Run,
) -> None:
    assert tutorial_run(MODULE).state == tutorial_run(CREATE_DATA).state


@pytest.mark.on_both
def test_the_run_has_no_warning_and_no_error(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.warnings == []
    assert reading.error is None


def test_on_postgresql_the_reloaded_list_comes_in_the_databases_order(
    tutorial_run_postgresql: Run,
) -> None:
    # the list is read back with no ORDER BY: PostgreSQL returns the new link's team first
    printed = tutorial_run_postgresql(MODULE).reading.printed
    assert printed[printed.index(ADDING) - 1 :] == [
        "Spider-Boy's teams at the start: ['Preventers']",
        ADDING,
        "Spider-Boy's teams after adding: ['Z-Force', 'Preventers']",
        "Z-Force heroes after adding: ['Deadpond', 'Spider-Boy']",
        REMOVING,
        "Spider-Boy's teams after removing: ['Preventers']",
        "Z-Force heroes after removing: ['Deadpond']",
    ]
