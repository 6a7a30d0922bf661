"""Claims of the create_connected_rows page (curriculum A.2), asserted on the recorded run."""

from __future__ import annotations

from companion.project.paths import DOCS_SRC
from companion.records import database

from ..conftest import Run

MODULE = DOCS_SRC / "connect_tables" / "create_connected_rows" / "tutorial001.py"

TEAM_INSERT = "INSERT INTO team (name, headquarters) VALUES (?, ?) RETURNING id"
HERO_INSERT = "INSERT INTO hero (name, secret_name, age, team_id) VALUES (?, ?, ?, ?) RETURNING id"


def test_team_ids_exist_before_the_heroes_are_inserted(run: Run) -> None:
    reading = run(MODULE).reading
    inserts = [s for s in reading.sent() if s.statement.startswith("INSERT INTO")]
    tables = [s.statement.split()[2] for s in inserts]
    assert tables == ["team", "team", "hero", "hero", "hero"]
    # the teams were inserted in this order, so the database numbered them 1 and 2 ...
    assert [s.parameters for s in inserts[:2]] == [
        ("Preventers", "Sharp Tower"),
        ("Z-Force", "Sister Margaret's Bar"),
    ]
    assert all(s.statement == TEAM_INSERT for s in inserts[:2])
    # ... the program read those ids back before it created a single hero ...
    printed = reading.printed
    assert printed.index("Teams saved, ids: 1 2") < printed.index("Saving the heroes")
    assert reading.sent(after="Teams saved")[0].statement != TEAM_INSERT
    assert [s.statement for s in reading.sent(after="Saving the heroes")][:3] == [HERO_INSERT] * 3
    # ... and each hero INSERT carries its team's id in the team_id column
    team_ids = {s.parameters[0]: s.parameters[-1] for s in inserts[2:] if s.parameters}
    assert team_ids["Deadpond"] == 2  # Z-Force
    assert team_ids["Rusty-Man"] == 1  # Preventers


def test_the_hero_without_a_team_has_team_id_null(run: Run) -> None:
    reading = run(MODULE).reading
    [spider_boy] = [
        s.parameters
        for s in reading.sent()
        if s.statement == HERO_INSERT and s.parameters and s.parameters[0] == "Spider-Boy"
    ]
    assert spider_boy == ("Spider-Boy", "Pedro Parqueador", None, None)
    assert "  Spider-Boy: id=3 team_id=None" in reading.printed
    # and the database at the end of the run stores NULL in his row
    heroes = database.query(run(MODULE).state, "SELECT name, team_id FROM hero ORDER BY id")
    assert heroes.rows == [("Deadpond", 2), ("Rusty-Man", 1), ("Spider-Boy", None)]
