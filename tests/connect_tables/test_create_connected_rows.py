"""Claims of the create_connected_rows page (curriculum A.2), asserted on the recorded run."""

from __future__ import annotations

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import query

from ..conftest import Run

MODULE = DOCS_SRC / "connect_tables" / "create_connected_rows" / "tutorial001.py"

TEAM_INSERT = "INSERT INTO team (name, headquarters) VALUES (?, ?) RETURNING id"
HERO_INSERT = "INSERT INTO hero (name, secret_name, age, team_id) VALUES (?, ?, ?, ?) RETURNING id"


def test_team_ids_exist_before_the_heroes_are_inserted(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
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
    team_ids = {
        s.parameters[0]: s.parameters[-1] for s in inserts[2:] if isinstance(s.parameters, tuple)
    }
    assert team_ids["Deadpond"] == 2  # Z-Force
    assert team_ids["Rusty-Man"] == 1  # Preventers


def test_the_hero_without_a_team_has_team_id_null(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    [spider_boy] = [
        s.parameters
        for s in reading.sent()
        if s.statement == HERO_INSERT
        and isinstance(s.parameters, tuple)
        and s.parameters[0] == "Spider-Boy"
    ]
    assert spider_boy == ("Spider-Boy", "Pedro Parqueador", None, None)
    assert "  Spider-Boy: id=3 team_id=None" in reading.printed
    # and the database at the end of the run stores NULL in his row
    heroes = query(tutorial_run(MODULE).state, "SELECT name, team_id FROM hero ORDER BY id")
    assert heroes.rows == [("Deadpond", 2), ("Rusty-Man", 1), ("Spider-Boy", None)]


# On PostgreSQL: one INSERT per table, sent as one batch, with ids from sequences

TEAM_BATCH = (
    "INSERT INTO team (name, headquarters) SELECT p0::VARCHAR, p1::VARCHAR FROM "
    "(VALUES (%(name__0)s::VARCHAR, %(headquarters__0)s::VARCHAR, 0), "
    "(%(name__1)s::VARCHAR, %(headquarters__1)s::VARCHAR, 1)) "
    "AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter RETURNING team.id, team.id AS id__1"
)
HERO_BATCH = (
    "INSERT INTO hero (name, secret_name, age, team_id) "
    "SELECT p0::VARCHAR, p1::VARCHAR, p2::INTEGER, p3::INTEGER FROM (VALUES "
    "(%(name__0)s::VARCHAR, %(secret_name__0)s::VARCHAR, %(age__0)s::INTEGER, "
    "%(team_id__0)s::INTEGER, 0), "
    "(%(name__1)s::VARCHAR, %(secret_name__1)s::VARCHAR, %(age__1)s::INTEGER, "
    "%(team_id__1)s::INTEGER, 1), "
    "(%(name__2)s::VARCHAR, %(secret_name__2)s::VARCHAR, %(age__2)s::INTEGER, "
    "%(team_id__2)s::INTEGER, 2)) "
    "AS imp_sen(p0, p1, p2, p3, sen_counter) ORDER BY sen_counter "
    "RETURNING hero.id, hero.id AS id__1"
)


def test_on_postgresql_each_table_gets_one_batched_insert(tutorial_run_postgresql: Run) -> None:
    transcript = tutorial_run_postgresql(MODULE)
    reading = transcript.reading
    inserts = [s for s in reading.sent() if s.statement.startswith("INSERT INTO")]
    assert [s.statement.split()[2] for s in inserts] == ["team", "hero"]
    assert inserts[0] == (
        TEAM_BATCH,
        {
            "name__0": "Preventers",
            "headquarters__0": "Sharp Tower",
            "name__1": "Z-Force",
            "headquarters__1": "Sister Margaret's Bar",
        },
    )
    assert inserts[1].parameters == {
        **{"name__0": "Deadpond", "secret_name__0": "Dive Wilson", "age__0": None},
        **{"team_id__0": 2, "name__1": "Rusty-Man", "secret_name__1": "Tommy Sharp"},
        **{"age__1": 48, "team_id__1": 1, "name__2": "Spider-Boy"},
        **{"secret_name__2": "Pedro Parqueador", "age__2": None, "team_id__2": None},
    }
    batches = [p for p in reading.parameters if "(insertmanyvalues)" in p]
    assert [b.split("] ")[0] for b in batches] == [
        "[generated in ...s (insertmanyvalues) 1/1 (ordered)"
    ] * 2
    # the echo shortens the hero batch, as a terminal shows it; the whole statement was sent
    assert (
        inserts[1].statement
        == HERO_BATCH[:250] + " ... 174 characters truncated ... " + (HERO_BATCH[-100:])
    )
    assert transcript.whole_statements == [HERO_BATCH]


def test_on_postgresql_the_ids_come_from_sequences(tutorial_run_postgresql: Run) -> None:
    reading = tutorial_run_postgresql(MODULE).reading
    tables = [s for s in reading.statements if s.startswith("CREATE TABLE")]
    assert [t.splitlines()[1].strip() for t in tables] == ["id SERIAL NOT NULL,"] * 2
    heroes = query(tutorial_run_postgresql(MODULE).state, "SELECT name, team_id FROM hero")
    assert heroes.rows == [("Deadpond", 2), ("Rusty-Man", 1), ("Spider-Boy", None)]
    assert "Teams saved, ids: 1 2" in reading.printed
