"""Claims of the cascade_delete_relationships page that hold on PostgreSQL only (its
placeholders, its driver's errors); the claims on both databases are in
``test_cascade_delete_relationships.py``."""

from __future__ import annotations

from ..conftest import Run
from .test_cascade_delete_relationships import (
    CASCADE,
    OTHER_HEROES,
    PASSIVE,
    RESTRICT,
    RESTRICT_DETACHED,
    SET_NULL,
    WAKALAND_HEROES_WITHOUT_TEAM,
    heroes_left,
)

# On PostgreSQL: the same ORM statements with PostgreSQL's placeholders; foreign keys are
# always enforced there, and the listener of variants c to e returns before its PRAGMA

PG_DELETE_TEAM = ("DELETE FROM team WHERE team.id = %(id)s::INTEGER", {"id": 3})
PG_NULL_WAKALAND = (
    "UPDATE hero SET team_id=%(team_id)s::INTEGER WHERE hero.id = %(hero_id)s::INTEGER",
    [{"team_id": None, "hero_id": 4}, {"team_id": None, "hero_id": 5}],
)


def test_on_postgresql_cascade_and_set_null_send_the_same_statements_with_named_placeholders(
    tutorial_run_postgresql: Run,
) -> None:
    select_heroes = (
        "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\n"
        "FROM hero\n"
        "WHERE %(param_1)s::INTEGER = hero.team_id",
        {"param_1": 3},
    )
    assert tutorial_run_postgresql(CASCADE).reading.sent(
        after="Deleting team:", before="Team deleted"
    ) == [
        select_heroes,
        ("DELETE FROM hero WHERE hero.id = %(id)s::INTEGER", [{"id": 4}, {"id": 5}]),
        PG_DELETE_TEAM,
        ("COMMIT", None),
    ]
    assert tutorial_run_postgresql(SET_NULL).reading.sent(
        after="Deleting team:", before="Team deleted"
    ) == [
        select_heroes,
        PG_NULL_WAKALAND,
        PG_DELETE_TEAM,
        ("COMMIT", None),
    ]
    assert heroes_left(tutorial_run_postgresql, CASCADE) == OTHER_HEROES
    assert (
        heroes_left(tutorial_run_postgresql, SET_NULL)
        == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM
    )


def test_on_postgresql_passive_deletes_leaves_the_nulling_to_the_database(
    tutorial_run_postgresql: Run,
) -> None:
    reading = tutorial_run_postgresql(PASSIVE).reading
    assert reading.error is None
    assert reading.sent(after="Deleting team:", before="Team deleted") == [
        PG_DELETE_TEAM,
        ("COMMIT", None),
    ]
    assert (
        heroes_left(tutorial_run_postgresql, PASSIVE) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM
    )


def test_on_postgresql_restrict_fails_with_no_pragma_sent(tutorial_run_postgresql: Run) -> None:
    reading = tutorial_run_postgresql(RESTRICT).reading
    # PostgreSQL would refuse a PRAGMA at the first connection; none was sent
    assert not any("PRAGMA" in statement for statement in reading.statements)
    assert reading.sent(after="Deleting team:") == [PG_DELETE_TEAM, ("ROLLBACK", None)]
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.IntegrityError"
    assert reading.error.message.split("\n")[:2] == [
        '(psycopg.errors.ForeignKeyViolation) update or delete on table "team" violates '
        'foreign key constraint "hero_team_id_fkey" on table "hero"',
        'DETAIL:  Key (id)=(3) is still referenced from table "hero".',
    ]
    assert "Team deleted" not in reading.printed


def test_on_postgresql_restrict_after_detaching_the_heroes_the_delete_succeeds(
    tutorial_run_postgresql: Run,
) -> None:
    reading = tutorial_run_postgresql(RESTRICT_DETACHED).reading
    assert reading.error is None
    after_detaching = reading.sent(
        after="Taking off the team: Princess Sure-E", before="Wakaland heroes now"
    )
    assert after_detaching[:2] == [PG_NULL_WAKALAND, ("COMMIT", None)]
    assert reading.sent(after="Deleting team:", before="Team deleted") == [
        PG_DELETE_TEAM,
        ("COMMIT", None),
    ]
