"""Claims of the create_and_update_relationships page (curriculum B.2)."""

from __future__ import annotations

import re

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import inserted

from ..conftest import Run

CHAPTER = DOCS_SRC / "relationship_attributes" / "create_and_update_relationships"
CREATE = CHAPTER / "tutorial001.py"
APPEND = CHAPTER / "tutorial002.py"

# the team each hero was given in tutorial001, through `team=` or a team's `heroes=[...]`
GIVEN_TEAM = {
    "Deadpond": "Z-Force",
    "Rusty-Man": "Preventers",
    "Spider-Boy": None,
    "Black Lion": "Wakaland",
    "Princess Sure-E": "Wakaland",
}


def _row(parameters: object) -> tuple[object, ...]:
    """One statement's parameters: a row (these modules send no executemany)."""
    assert isinstance(parameters, tuple), parameters
    return parameters


@pytest.mark.on_both
def test_before_the_commit_objects_are_linked_but_ids_are_empty(tutorial_run: Run) -> None:
    printed = tutorial_run(CREATE).reading.printed
    assert printed[:4] == [
        "Not saved yet. Z-Force id: None",
        "Not saved yet. Deadpond team_id: None",
        "Not saved yet. Deadpond team: Z-Force",
        "Not saved yet. Wakaland heroes: ['Black Lion', 'Princess Sure-E']",
    ]


def test_nothing_but_the_tables_reaches_the_database_before_the_commit(tutorial_run: Run) -> None:
    reading = tutorial_run(CREATE).reading
    before = reading.sent(after="Not saved yet. Z-Force id", before="One commit for all of them")
    assert before == []
    first = reading.items.index(next(i for i in reading.items if i.kind == "printed"))
    earlier = [i.text for i in reading.items[:first] if i.kind == "sql"]
    assert any(sql.startswith("CREATE TABLE hero") for sql in earlier)
    assert not any(sql.split()[0] in {"INSERT", "UPDATE", "DELETE", "SELECT"} for sql in earlier)


def test_teams_never_added_to_the_session_are_inserted_asking_for_their_id(
    tutorial_run: Run,
) -> None:
    sent = tutorial_run(CREATE).reading.sent(
        after="One commit for all of them", before="Saved. Z-Force id"
    )
    teams = [(sql, params) for sql, params in sent if sql.startswith("INSERT INTO team ")]
    assert [_row(params)[0] for _, params in teams] == ["Z-Force", "Preventers", "Wakaland"]
    assert all(sql.endswith("RETURNING id") for sql, _ in teams)


def test_one_commit_inserts_teams_before_heroes_and_fills_team_id(tutorial_run: Run) -> None:
    reading = tutorial_run(CREATE).reading
    sent = reading.sent(after="One commit for all of them", before="Saved. Z-Force id")
    statements = [sql for sql, _ in sent]
    # one transaction: the first COMMIT ends every INSERT
    commit = statements.index("COMMIT")
    flushed = [sql.split()[2] for sql in statements[:commit] if sql.startswith("INSERT INTO")]
    assert flushed == ["team"] * 3 + ["hero"] * 5
    assert not any(sql.startswith("INSERT") for sql in statements[commit:])

    team_ids = {}
    for line in reading.printed:
        if match := re.fullmatch(r"Team: id=(\d+) name='([^']*)' .*", line):
            team_ids[match[2]] = int(match[1])
    assert [_row(row)[0] for row in inserted(sent, "team")] == list(team_ids)
    heroes = {_row(row)[0]: _row(row)[3] for row in inserted(sent, "hero")}
    assert heroes == {hero: team_ids[team] if team else None for hero, team in GIVEN_TEAM.items()}


@pytest.mark.on_both
def test_after_the_commit_the_rows_hold_the_team_ids(tutorial_run: Run) -> None:
    printed = tutorial_run(CREATE).reading.printed
    assert "Saved. Z-Force id: 1" in printed
    assert "Saved. Deadpond team_id: 1" in printed
    heroes = [line for line in printed if line.startswith("Hero: ")]
    assert [line.rsplit(" ", 1)[1] for line in heroes] == [
        "team_id=1",
        "team_id=2",
        "team_id=None",
        "team_id=3",
        "team_id=3",
    ]


@pytest.mark.on_both
def test_appending_to_team_heroes_sets_hero_team_at_once_and_team_id_at_commit(
    tutorial_run: Run,
) -> None:
    printed = tutorial_run(APPEND).reading.printed
    assert "Preventers heroes at the start: ['Rusty-Man']" in printed
    appended = "['Rusty-Man', 'Spider-Boy', 'Captain North America']"
    assert f"Appended, not saved. Preventers heroes: {appended}" in printed
    assert "Appended, not saved. Spider-Boy team: Preventers" in printed
    assert "Appended, not saved. Spider-Boy team_id: None" in printed


def test_committing_the_team_updates_the_old_hero_and_inserts_the_new_one(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(APPEND).reading
    sent = reading.sent(after="Committing the team", before="Saved. Preventers heroes")
    assert sent[:3] == [
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", (2, 3)),
        (
            "INSERT INTO hero (name, secret_name, age, team_id) VALUES (?, ?, ?, ?)",
            ("Captain North America", "Esteban Rogelios", 93, 2),
        ),
        ("COMMIT", None),
    ]
    assert "Hero: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' age=None team_id=2" in (
        reading.printed
    )
