"""Claims of the cascade_delete_relationships page (curriculum B.6, variants a to e)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.project.paths import DOCS_SRC
from companion.records import database

from ..conftest import Run

CHAPTER = DOCS_SRC / "relationship_attributes" / "cascade_delete_relationships"
CASCADE = CHAPTER / "tutorial001.py"
SET_NULL = CHAPTER / "tutorial002.py"
PASSIVE = CHAPTER / "tutorial003.py"
RESTRICT = CHAPTER / "tutorial004.py"
RESTRICT_DETACHED = CHAPTER / "tutorial005.py"

DELETE_TEAM = ("DELETE FROM team WHERE team.id = ?", (3,))
SELECT_HEROES_OF_TEAM = (
    "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
    "FROM hero\n"
    "WHERE ? = hero.team_id",
    (3,),
)
OTHER_HEROES = [
    "Hero left: id=1 name='Deadpond' secret_name='Dive Wilson' age=None team_id=1",
    "Hero left: id=2 name='Rusty-Man' secret_name='Tommy Sharp' age=48 team_id=2",
    "Hero left: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' age=None team_id=2",
]
WAKALAND_HEROES_WITHOUT_TEAM = [
    "Hero left: id=4 name='Black Lion' secret_name='Trevor Challa' age=35 team_id=None",
    "Hero left: id=5 name='Princess Sure-E' secret_name='Sure-E' age=None team_id=None",
]


STARTING_HEROES = [
    (1, "Deadpond", "Dive Wilson", None, 1),
    (2, "Rusty-Man", "Tommy Sharp", 48, 2),
    (3, "Spider-Boy", "Pedro Parqueador", None, 2),
    (4, "Black Lion", "Trevor Challa", 35, 3),
    (5, "Princess Sure-E", "Sure-E", None, 3),
]
STARTING_TEAMS = [
    (1, "Z-Force", "Sister Margaret's Bar"),
    (2, "Preventers", "Sharp Tower"),
    (3, "Wakaland", "Wakaland Capital City"),
]
DELETE_PREVENTERS = (
    "DELETE FROM team WHERE name = 'Preventers';\nSELECT id, name, team_id FROM hero;"
)


def foreign_key(run: Run, module: Path) -> str:
    [hero] = [s for s in run(module).reading.statements if s.startswith("CREATE TABLE hero")]
    [line] = [line for line in hero.splitlines() if "FOREIGN KEY" in line]
    return line.strip()


def heroes_left(run: Run, module: Path) -> list[str]:
    return [line for line in run(module).reading.printed if line.startswith("Hero left:")]


def test_each_ondelete_reaches_the_ddl(run: Run) -> None:
    expected = {
        CASCADE: "CASCADE",
        SET_NULL: "SET NULL",
        PASSIVE: "SET NULL",
        RESTRICT: "RESTRICT",
        RESTRICT_DETACHED: "RESTRICT",
    }
    for module, action in expected.items():
        wanted = f"FOREIGN KEY(team_id) REFERENCES team (id) ON DELETE {action}"
        assert foreign_key(run, module) == wanted, module.name


# a. cascade_delete=True with ondelete="CASCADE"


def test_cascade_the_orm_deletes_the_heroes_before_the_team(run: Run) -> None:
    sent = run(CASCADE).reading.sent(after="Deleting team:", before="Team deleted")
    assert sent == [
        SELECT_HEROES_OF_TEAM,
        ("DELETE FROM hero WHERE hero.id = ?", [(4,), (5,)]),
        DELETE_TEAM,
        ("COMMIT", None),
    ]


@pytest.mark.on_both
def test_cascade_the_heroes_of_the_team_are_gone(run: Run) -> None:
    assert heroes_left(run, CASCADE) == OTHER_HEROES
    assert "Black Lion: None" in run(CASCADE).reading.printed


# b. ondelete="SET NULL", the ORM does the nulling


def test_set_null_the_orm_sets_team_id_null_before_deleting_the_team(run: Run) -> None:
    sent = run(SET_NULL).reading.sent(after="Deleting team:", before="Team deleted")
    assert sent == [
        SELECT_HEROES_OF_TEAM,
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", [(None, 4), (None, 5)]),
        DELETE_TEAM,
        ("COMMIT", None),
    ]


@pytest.mark.on_both
def test_set_null_keeps_the_heroes_with_team_id_null(run: Run) -> None:
    assert heroes_left(run, SET_NULL) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM


# c. passive_deletes="all" with ondelete="SET NULL" and foreign keys on


def test_passive_deletes_the_orm_sends_no_update_on_hero(run: Run) -> None:
    reading = run(PASSIVE).reading
    assert reading.sent(after="Deleting team:", before="Team deleted") == [
        DELETE_TEAM,
        ("COMMIT", None),
    ]
    after = [sql for sql, _ in reading.sent(after="Deleting team:")]
    assert not any(sql.startswith("UPDATE") for sql in after)


@pytest.mark.on_both
def test_passive_deletes_the_pragma_is_not_in_the_log(run: Run) -> None:
    assert not any("foreign_keys" in s for s in run(PASSIVE).reading.statements)


def test_passive_deletes_plain_sql_with_foreign_keys_on_also_sets_null(run: Run) -> None:
    result = database.query(run(PASSIVE).state, "PRAGMA foreign_keys = ON;\n" + DELETE_PREVENTERS)
    assert result.rows == [
        (1, "Deadpond", 1),
        (2, "Rusty-Man", None),
        (3, "Spider-Boy", None),
        (4, "Black Lion", None),
        (5, "Princess Sure-E", None),
    ]


def test_passive_deletes_plain_sql_with_foreign_keys_off_leaves_dangling_team_ids(
    run: Run,
) -> None:
    result = database.query(run(PASSIVE).state, DELETE_PREVENTERS)
    assert result.rows == [
        (1, "Deadpond", 1),
        (2, "Rusty-Man", 2),
        (3, "Spider-Boy", 2),
        (4, "Black Lion", None),
        (5, "Princess Sure-E", None),
    ]
    # the team those two heroes point at is gone
    left = database.query(
        run(PASSIVE).state, "DELETE FROM team WHERE name = 'Preventers';\nSELECT id FROM team"
    )
    assert left.rows == [(1,)]


def test_passive_deletes_the_database_set_team_id_null(run: Run) -> None:
    assert heroes_left(run, PASSIVE) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM
    black_lion = (
        "Black Lion: id=4 name='Black Lion' secret_name='Trevor Challa' age=35 team_id=None"
    )
    assert black_lion in run(PASSIVE).reading.printed


# d. ondelete="RESTRICT": the delete fails and the run ends with the error


def test_restrict_the_run_ends_with_integrity_error(run: Run) -> None:
    reading = run(RESTRICT).reading
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.IntegrityError"
    assert reading.error.message.startswith(
        "(sqlite3.IntegrityError) FOREIGN KEY constraint failed"
    )
    assert "[SQL: DELETE FROM team WHERE team.id = ?]" in reading.error.message
    assert "Team deleted" not in reading.printed
    assert reading.printed[-1].startswith("Deleting team: id=3 name='Wakaland'")


def test_restrict_the_database_keeps_every_team_and_hero(run: Run) -> None:
    state = run(RESTRICT).state
    assert database.table(state, "team").rows == STARTING_TEAMS
    assert database.table(state, "hero").rows == STARTING_HEROES


def test_restrict_only_the_team_delete_was_sent_then_rolled_back(run: Run) -> None:
    sent = run(RESTRICT).reading.sent(after="Deleting team:")
    assert sent == [DELETE_TEAM, ("ROLLBACK", None)]


# e. RESTRICT, heroes taken off the team first


def test_restrict_after_detaching_the_heroes_the_delete_succeeds(run: Run) -> None:
    reading = run(RESTRICT_DETACHED).reading
    assert reading.error is None
    assert reading.sent(after="Taking off the team: Princess Sure-E", before="Wakaland heroes now")[
        :2
    ] == [
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", [(None, 4), (None, 5)]),
        ("COMMIT", None),
    ]
    assert "Wakaland heroes now: []" in reading.printed
    assert reading.sent(after="Deleting team:", before="Team deleted") == [
        DELETE_TEAM,
        ("COMMIT", None),
    ]
    assert heroes_left(run, RESTRICT_DETACHED) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM


# On PostgreSQL: the same ORM statements with PostgreSQL's placeholders, and no PRAGMA


def test_on_postgresql_cascade_and_set_null_send_the_same_statements_with_named_placeholders(
    run_postgresql: Run,
) -> None:
    select_heroes = (
        "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
        "FROM hero\n"
        "WHERE %(param_1)s::INTEGER = hero.team_id",
        {"param_1": 3},
    )
    delete_team = ("DELETE FROM team WHERE team.id = %(id)s::INTEGER", {"id": 3})
    assert run_postgresql(CASCADE).reading.sent(after="Deleting team:", before="Team deleted") == [
        select_heroes,
        ("DELETE FROM hero WHERE hero.id = %(id)s::INTEGER", [{"id": 4}, {"id": 5}]),
        delete_team,
        ("COMMIT", None),
    ]
    assert run_postgresql(SET_NULL).reading.sent(after="Deleting team:", before="Team deleted") == [
        select_heroes,
        (
            "UPDATE hero SET team_id=%(team_id)s::INTEGER WHERE hero.id = %(hero_id)s::INTEGER",
            [{"team_id": None, "hero_id": 4}, {"team_id": None, "hero_id": 5}],
        ),
        delete_team,
        ("COMMIT", None),
    ]
    assert heroes_left(run_postgresql, CASCADE) == OTHER_HEROES
    assert heroes_left(run_postgresql, SET_NULL) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM


@pytest.mark.parametrize("module", [PASSIVE, RESTRICT, RESTRICT_DETACHED], ids=lambda m: m.stem)
def test_on_postgresql_the_sqlite_pragma_fails_at_the_first_connection(
    run_postgresql: Run, module: Path
) -> None:
    transcript = run_postgresql(module)
    reading = transcript.reading
    # the dialect's own first queries, then the listener's PRAGMA, which PostgreSQL lacks
    assert reading.statements == [
        "select pg_catalog.version()",
        "select current_schema()",
        "show standard_conforming_strings",
    ]
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.ProgrammingError"
    assert reading.error.message.split("\n(Background on this error")[0] == (
        '(psycopg.errors.SyntaxError) syntax error at or near "PRAGMA"\n'
        "LINE 1: PRAGMA foreign_keys=ON\n"
        "        ^"
    )
    assert reading.printed == []
    assert transcript.state == "BEGIN TRANSACTION;\nCOMMIT;\n"
