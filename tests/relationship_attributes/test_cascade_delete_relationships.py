"""Claims of the cascade_delete_relationships page (curriculum B.6, variants a to e)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.testing import inserted, query, table

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


@pytest.mark.on_both
def test_each_ondelete_reaches_the_ddl(tutorial_run: Run) -> None:
    expected = {
        CASCADE: "CASCADE",
        SET_NULL: "SET NULL",
        PASSIVE: "SET NULL",
        RESTRICT: "RESTRICT",
        RESTRICT_DETACHED: "RESTRICT",
    }
    for module, action in expected.items():
        wanted = f"FOREIGN KEY(team_id) REFERENCES team (id) ON DELETE {action}"
        assert foreign_key(tutorial_run, module) == wanted, module.name


# a. cascade_delete=True with ondelete="CASCADE"


def test_cascade_the_orm_deletes_the_heroes_before_the_team(tutorial_run: Run) -> None:
    sent = tutorial_run(CASCADE).reading.sent(after="Deleting team:", before="Team deleted")
    assert sent == [
        SELECT_HEROES_OF_TEAM,
        ("DELETE FROM hero WHERE hero.id = ?", [(4,), (5,)]),
        DELETE_TEAM,
        ("COMMIT", None),
    ]


@pytest.mark.on_both
def test_cascade_the_heroes_of_the_team_are_gone(tutorial_run: Run) -> None:
    assert heroes_left(tutorial_run, CASCADE) == OTHER_HEROES
    assert "Black Lion: None" in tutorial_run(CASCADE).reading.printed


# b. ondelete="SET NULL", the ORM does the nulling


def test_set_null_the_orm_sets_team_id_null_before_deleting_the_team(tutorial_run: Run) -> None:
    sent = tutorial_run(SET_NULL).reading.sent(after="Deleting team:", before="Team deleted")
    assert sent == [
        SELECT_HEROES_OF_TEAM,
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", [(None, 4), (None, 5)]),
        DELETE_TEAM,
        ("COMMIT", None),
    ]


@pytest.mark.on_both
def test_set_null_keeps_the_heroes_with_team_id_null(tutorial_run: Run) -> None:
    assert heroes_left(tutorial_run, SET_NULL) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM


# c. passive_deletes="all" with ondelete="SET NULL" and foreign keys on


def test_passive_deletes_the_orm_sends_no_update_on_hero(tutorial_run: Run) -> None:
    reading = tutorial_run(PASSIVE).reading
    assert reading.sent(after="Deleting team:", before="Team deleted") == [
        DELETE_TEAM,
        ("COMMIT", None),
    ]
    after = [sql for sql, _ in reading.sent(after="Deleting team:")]
    assert not any(sql.startswith("UPDATE") for sql in after)


@pytest.mark.on_both
def test_passive_deletes_the_pragma_is_not_in_the_log(tutorial_run: Run) -> None:
    assert not any("foreign_keys" in s for s in tutorial_run(PASSIVE).reading.statements)


def test_passive_deletes_plain_sql_with_foreign_keys_on_also_sets_null(tutorial_run: Run) -> None:
    result = query(tutorial_run(PASSIVE).state, "PRAGMA foreign_keys = ON;\n" + DELETE_PREVENTERS)
    assert result.rows == [
        (1, "Deadpond", 1),
        (2, "Rusty-Man", None),
        (3, "Spider-Boy", None),
        (4, "Black Lion", None),
        (5, "Princess Sure-E", None),
    ]


def test_passive_deletes_plain_sql_with_foreign_keys_off_leaves_dangling_team_ids(
    tutorial_run: Run,
) -> None:
    result = query(tutorial_run(PASSIVE).state, DELETE_PREVENTERS)
    assert result.rows == [
        (1, "Deadpond", 1),
        (2, "Rusty-Man", 2),
        (3, "Spider-Boy", 2),
        (4, "Black Lion", None),
        (5, "Princess Sure-E", None),
    ]
    # the team those two heroes point at is gone
    left = query(
        tutorial_run(PASSIVE).state,
        "DELETE FROM team WHERE name = 'Preventers';\nSELECT id FROM team",
    )
    assert left.rows == [(1,)]


@pytest.mark.on_both
def test_passive_deletes_the_database_set_team_id_null(tutorial_run: Run) -> None:
    assert heroes_left(tutorial_run, PASSIVE) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM
    black_lion = (
        "Black Lion: id=4 name='Black Lion' secret_name='Trevor Challa' age=35 team_id=None"
    )
    assert black_lion in tutorial_run(PASSIVE).reading.printed


# d. ondelete="RESTRICT": the delete fails and the run ends with the error


def test_restrict_the_run_ends_with_integrity_error(tutorial_run: Run) -> None:
    reading = tutorial_run(RESTRICT).reading
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.IntegrityError"
    assert reading.error.message.startswith(
        "(sqlite3.IntegrityError) FOREIGN KEY constraint failed"
    )
    assert "[SQL: DELETE FROM team WHERE team.id = ?]" in reading.error.message
    assert "Team deleted" not in reading.printed
    assert reading.printed[-1].startswith("Deleting team: id=3 name='Wakaland'")


@pytest.mark.on_both
def test_restrict_the_database_keeps_every_team_and_hero(tutorial_run: Run) -> None:
    state = tutorial_run(RESTRICT).state
    assert table(state, "team").rows == STARTING_TEAMS
    assert table(state, "hero").rows == STARTING_HEROES


def test_restrict_only_the_team_delete_was_sent_then_rolled_back(tutorial_run: Run) -> None:
    sent = tutorial_run(RESTRICT).reading.sent(after="Deleting team:")
    assert sent == [DELETE_TEAM, ("ROLLBACK", None)]


# e. RESTRICT, heroes taken off the team first


def test_restrict_after_detaching_the_heroes_the_delete_succeeds(tutorial_run: Run) -> None:
    reading = tutorial_run(RESTRICT_DETACHED).reading
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
    assert (
        heroes_left(tutorial_run, RESTRICT_DETACHED) == OTHER_HEROES + WAKALAND_HEROES_WITHOUT_TEAM
    )


# cascade_delete=True also means delete-orphan

ORPHAN = CHAPTER / "tutorial006.py"


@pytest.mark.on_both
def test_cascade_delete_true_sets_delete_orphan(tutorial_run: Run) -> None:
    assert tutorial_run(ORPHAN).reading.printed[0] == (
        "Team.heroes cascades: delete, delete-orphan, expunge, merge, refresh-expire, save-update"
    )


def test_with_the_list_loaded_a_hero_taken_off_the_team_is_deleted(tutorial_run: Run) -> None:
    reading = tutorial_run(ORPHAN).reading
    assert "Wakaland heroes: ['Black Lion', 'Princess Sure-E']" in reading.printed
    assert reading.sent(after="Taking Black Lion off", before="Committed") == [
        ("DELETE FROM hero WHERE hero.id = ?", (4,)),
        ("COMMIT", None),
    ]


def test_with_the_list_not_loaded_the_hero_only_loses_his_team(tutorial_run: Run) -> None:
    reading = tutorial_run(ORPHAN).reading
    assert reading.sent(after="Taking Deadpond off", before="Committed") == [
        ("UPDATE hero SET team_id=? WHERE hero.id = ?", (None, 1)),
        ("COMMIT", None),
    ]
    assert heroes_left(tutorial_run, ORPHAN) == [
        "Hero left: id=1 name='Deadpond' secret_name='Dive Wilson' age=None team_id=None",
        *OTHER_HEROES[1:],
        "Hero left: id=5 name='Princess Sure-E' secret_name='Sure-E' age=None team_id=3",
    ]


@pytest.mark.on_both
def test_no_variant_changes_the_diagram_of_the_tables(tutorial_run: Run) -> None:
    plain = DOCS_SRC / "connect_tables" / "create_connected_tables" / "tutorial001.py"
    variants = [CASCADE, SET_NULL, PASSIVE, RESTRICT, RESTRICT_DETACHED, ORPHAN]
    assert {tutorial_run(module).diagram for module in variants} == {tutorial_run(plain).diagram}


# the page's table of the five variants, each cell from the module or its run

PAGE = PROJECT.docs / "relationship_attributes" / "cascade_delete_relationships.md"
VARIANTS = {"a": CASCADE, "b": SET_NULL, "c": PASSIVE, "d": RESTRICT, "e": RESTRICT_DETACHED}
WAKALAND_IDS = (4, 5)


def _page_table(title: str) -> list[list[str]]:
    text = PAGE.read_text(encoding="utf-8").partition(f"\n## {title}\n")[2]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def _relationship_arguments(module: Path) -> str:
    """The arguments of ``Team.heroes = Relationship(...)`` besides ``back_populates``."""
    source = module.read_text(encoding="utf-8")
    [team] = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "Team"]
    [call] = [
        n.value
        for n in team.body
        if isinstance(n, ast.AnnAssign) and ast.unparse(n.target) == "heroes"
        if isinstance(n.value, ast.Call)
    ]
    extra = [ast.unparse(k).replace("'", '"') for k in call.keywords if k.arg != "back_populates"]
    return ", ".join(f"`{argument}`" for argument in extra) or "(nothing extra)"


def _turns_foreign_keys_on(module: Path) -> bool:
    """Whether a function listening to the engine's connections sends the PRAGMA."""
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            ast.unparse(d) == "event.listens_for(engine, 'connect')" for d in node.decorator_list
        ):
            constants = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant)}
            return "PRAGMA foreign_keys=ON" in constants
    return False


def _wakaland_heroes(run: Run, module: Path) -> list[tuple[object, ...]]:
    rows = table(run(module).state, "hero").rows
    return [row for row in rows if row[0] in WAKALAND_IDS]


def _who_changes_the_heroes(run: Run, module: Path) -> str:
    reading = run(module).reading
    during = reading.sent(after="Deleting team:")
    if any(s.statement.startswith(("UPDATE hero", "DELETE FROM hero")) for s in during):
        return "the ORM"
    before = reading.sent(before="Deleting team:")
    if any(s.statement.startswith("UPDATE hero") for s in before):
        return "your code, beforehand"
    starting = [row for row in STARTING_HEROES if row[0] in WAKALAND_IDS]
    return "nobody" if _wakaland_heroes(run, module) == starting else "the database"


def _outcome(run: Run, module: Path) -> str:
    reading = run(module).reading
    error = "" if reading.error is None else f"`{reading.error.type.rpartition('.')[2]}`: "
    teams = [row[1] for row in table(run(module).state, "team").rows]
    team = "team kept" if "Wakaland" in teams else "team deleted"
    heroes = _wakaland_heroes(run, module)
    if not heroes:
        return f"{error}{team}, heroes deleted"
    if all(row[4] is None for row in heroes):
        return f"{error}{team}, heroes kept with `team_id` `NULL`"
    return f"{error}{team}, heroes kept"


@pytest.mark.on_both
def test_the_table_of_the_five_variants_is_what_the_modules_and_their_runs_show(
    tutorial_run: Run,
) -> None:
    expected = [
        [
            letter,
            _relationship_arguments(module),
            f'`"{foreign_key(tutorial_run, module).rpartition(" ON DELETE ")[2]}"`',
            "yes" if _turns_foreign_keys_on(module) else "no",
            _who_changes_the_heroes(tutorial_run, module),
            _outcome(tutorial_run, module),
        ]
        for letter, module in VARIANTS.items()
    ]
    table = _page_table("The five variants side by side")
    assert table[0] == [
        "Variant",
        "`Relationship(...)`",
        "`ondelete`",
        "Foreign keys on",
        "Who changes the heroes",
        "Outcome",
    ]
    assert table[2:] == expected


def test_every_module_of_the_page_starts_from_the_same_data(tutorial_run: Run) -> None:
    modules = [*VARIANTS.values(), ORPHAN]
    inserts = [inserted(tutorial_run(module).reading.sent(), "hero") for module in modules]
    teams = [inserted(tutorial_run(module).reading.sent(), "team") for module in modules]
    assert all(sent == inserts[0] for sent in inserts) and len(inserts[0]) == 5
    assert all(sent == teams[0] for sent in teams) and len(teams[0]) == 3


# The classic form: passive_deletes=True with ondelete="CASCADE" and foreign keys on

PASSIVE_CASCADE = CHAPTER / "tutorial007.py"


@pytest.mark.on_both
def test_passive_deletes_true_leaves_the_cascade_to_the_database(tutorial_run: Run) -> None:
    reading = tutorial_run(PASSIVE_CASCADE).reading
    sent = reading.statements_between("Deleting team:", "Team deleted")
    assert [s.split(" WHERE ")[0] for s in sent] == ["DELETE FROM team", "COMMIT"]
    assert foreign_key(tutorial_run, PASSIVE_CASCADE).endswith("ON DELETE CASCADE")
    assert _turns_foreign_keys_on(PASSIVE_CASCADE)
    assert heroes_left(tutorial_run, PASSIVE_CASCADE) == OTHER_HEROES
    assert _wakaland_heroes(tutorial_run, PASSIVE_CASCADE) == []
    assert reading.printed[-1] == "Black Lion: None"


def test_passive_deletes_true_plain_sql_cascades_only_with_foreign_keys_on(
    tutorial_run: Run,
) -> None:
    state = tutorial_run(PASSIVE_CASCADE).state
    with_pragma = query(state, "PRAGMA foreign_keys = ON;\n" + DELETE_PREVENTERS)
    assert with_pragma.rows == [(1, "Deadpond", 1)]
    without = query(state, DELETE_PREVENTERS)
    assert without.rows == [(1, "Deadpond", 1), (2, "Rusty-Man", 2), (3, "Spider-Boy", 2)]
