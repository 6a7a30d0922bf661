"""Claims of the create-data page (curriculum C.3), on the recorded run."""

from __future__ import annotations

import re

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import query, writes

from ..conftest import Run

MODULE = DOCS_SRC / "many_to_many" / "create_data" / "tutorial001.py"
COMMITTING = "Committing Deadpond"
DEADPOND_SAVED = "Deadpond has id"


def _ids(run: Run) -> dict[str, int]:
    """The ids the run printed once the rows existed: name -> id."""
    printed = " ".join(run(MODULE).reading.printed)
    return {
        name: int(number) for name, number in re.findall(r"([A-Z][\w-]+) has id (\d+)", printed)
    }


@pytest.mark.on_both
def test_before_the_commit_nothing_has_an_id_and_nothing_is_sent(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert "Not saved yet. Deadpond id: None Z-Force id: None" in reading.printed
    assert reading.statements_between("Not saved yet", COMMITTING) == []


@pytest.mark.on_both
def test_back_populates_lists_the_hero_in_the_team_before_saving(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "Preventers heroes, set by back_populates: ['Deadpond']" in printed


def test_link_rows_are_inserted_after_both_sides_have_ids(tutorial_run: Run) -> None:
    sent = writes(tutorial_run(MODULE).reading.sent(after=COMMITTING, before=DEADPOND_SAVED))
    tables = [s.statement.split()[2] for s in sent]
    assert tables == ["hero", "team", "team", "heroteamlink"]
    ids = _ids(tutorial_run)
    [link_insert] = [s for s in sent if s.statement.startswith("INSERT INTO heroteamlink")]
    assert link_insert.statement == "INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)"
    assert link_insert.parameters == [
        (ids["Z-Force"], ids["Deadpond"]),
        (ids["Preventers"], ids["Deadpond"]),
    ]


def test_the_hero_ids_come_from_the_database_during_the_commit(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after=COMMITTING, before=DEADPOND_SAVED)
    inserts = [s.statement for s in sent if s.statement.startswith("INSERT")]
    # one hero: its id is read from the cursor; two teams: each INSERT returns its id
    assert inserts[0] == "INSERT INTO hero (name, secret_name, age) VALUES (?, ?, ?)"
    assert inserts[1:3] == ["INSERT INTO team (name, headquarters) VALUES (?, ?) RETURNING id"] * 2


@pytest.mark.on_both
def test_one_hero_is_in_two_teams(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "Deadpond has id 1, teams: ['Z-Force', 'Preventers']" in printed
    links = query(
        tutorial_run(MODULE).state, "SELECT team_id FROM heroteamlink WHERE hero_id = 1"
    ).rows
    assert sorted(links) == [(1,), (2,)]


def test_a_later_hero_reloads_the_expired_team_to_get_its_id(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after="Z-Force has id", before="Preventers heroes:")
    start = next(
        i for i, s in enumerate(sent) if s.parameters == ("Spider-Boy", "Pedro Parqueador", None)
    )
    assert [(s.statement, s.parameters) for s in sent[start : start + 3]] == [
        ("INSERT INTO hero (name, secret_name, age) VALUES (?, ?, ?)", sent[start].parameters),
        ("SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id = ?", (2,)),
        ("INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)", (2, 3)),
    ]


@pytest.mark.on_both
def test_the_link_table_holds_one_row_per_membership(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    at = reading.printed.index("Rows of heroteamlink:")
    assert reading.printed[at + 1 :] == [
        "  team_id=1 hero_id=1",
        "  team_id=2 hero_id=1",
        "  team_id=2 hero_id=2",
        "  team_id=2 hero_id=3",
    ]
    assert query(tutorial_run(MODULE).state, "SELECT team_id, hero_id FROM heroteamlink").rows == [
        (1, 1),
        (2, 1),
        (2, 2),
        (2, 3),
    ]


@pytest.mark.on_both
def test_the_run_has_no_warning_and_no_error(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert reading.warnings == []
    assert reading.error is None


def test_the_teams_list_loads_through_the_link_table(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after=COMMITTING, before=DEADPOND_SAVED)
    after_commit = sent[[s.statement for s in sent].index("COMMIT") + 1 :]
    assert (
        "SELECT team.id, team.name, team.headquarters\n"
        "FROM team, heroteamlink\n"
        "WHERE ? = heroteamlink.hero_id AND team.id = heroteamlink.team_id",
        (1,),
    ) in [(s.statement, s.parameters) for s in after_commit]


def test_rusty_mans_link_needs_no_reload_of_the_team(tutorial_run: Run) -> None:
    sent = tutorial_run(MODULE).reading.sent(after="Z-Force has id", before="Preventers heroes:")
    start = next(i for i, s in enumerate(sent) if s.parameters == ("Rusty-Man", "Tommy Sharp", 48))
    assert [(s.statement, s.parameters) for s in sent[start + 1 : start + 3]] == [
        ("INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)", (2, 2)),
        ("COMMIT", None),
    ]
