"""Claims of the choosing a loader page (curriculum E), asserted on the recorded runs.

Most claims are "this section of this step sent exactly these statements" or "printed these
lines": each is one row of ``SENT`` or ``PRINTED``, its id naming the claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Database, Error

from ..conftest import Run
from .shapes import (
    BEGIN,
    HEROES,
    HEROES_OF_A_TEAM,
    HEROES_OF_THE_TEAMS,
    JOINED_TEAM,
    POWERS_OF_A_HERO,
    TEAMS,
    after,
    ending,
    plain,
    unordered,
)

CHAPTER = DOCS_SRC / "loading_related_data" / "choosing_a_loader"
JOIN = CHAPTER / "tutorial001.py"
CONTAINS_EAGER = CHAPTER / "tutorial002.py"
ANY_HAS = CHAPTER / "tutorial003.py"
SELECTIN_ON_MODEL = CHAPTER / "tutorial004.py"
JOINED_ON_MODEL = CHAPTER / "tutorial005.py"
RAISE_ON_SQL = CHAPTER / "tutorial006.py"
JOINEDLOAD_NOT_UNIQUE = CHAPTER / "tutorial007.py"
JOINEDLOAD_UNIQUE = CHAPTER / "tutorial008.py"
CHAINED = CHAPTER / "tutorial009.py"
SUBQUERYLOAD = CHAPTER / "tutorial010.py"
IMMEDIATELOAD = CHAPTER / "tutorial011.py"
NOLOAD = CHAPTER / "tutorial012.py"
WRITE_ONLY = CHAPTER / "tutorial013.py"
POPULATE_EXISTING = CHAPTER / "tutorial014.py"
LOADER_CRITERIA = CHAPTER / "tutorial015.py"

SHARP_TOWER = "\nWHERE team.headquarters = ?"
EXISTS_OF = "\nWHERE EXISTS (SELECT 1\nFROM {}\nWHERE team.id = hero.team_id{})"
TEAMS_JOINED_TO_HEROES = (
    "SELECT team.id, team.name, team.headquarters, hero_1.id AS id_1, hero_1.name AS name_1, "
    "hero_1.secret_name, hero_1.age, hero_1.team_id\n"
    "FROM team LEFT OUTER JOIN hero AS hero_1 ON team.id = hero_1.team_id"
)
CHAINED_JOINS = (
    "SELECT team.id, team.name, team.headquarters, power_1.id AS id_1, power_1.name AS name_1, "
    "power_1.hero_id, hero_1.id AS id_2, hero_1.name AS name_2, hero_1.secret_name, hero_1.age, "
    "hero_1.team_id\nFROM team LEFT OUTER JOIN hero AS hero_1 ON team.id = hero_1.team_id "
    "LEFT OUTER JOIN power AS power_1 ON hero_1.id = power_1.hero_id"
)
HEROES_IN_A_SUBQUERY = (
    "SELECT hero.id AS hero_id, hero.name AS hero_name, hero.secret_name AS hero_secret_name, "
    "hero.age AS hero_age, hero.team_id AS hero_team_id, anon_1.team_id AS anon_1_team_id\n"
    "FROM (SELECT team.id AS team_id\nFROM team) AS anon_1 JOIN hero ON anon_1.team_id = "
    "hero.team_id"
)
AGED = " AND hero.age IS NOT NULL"
LOOP = "Looping over the teams:"

SENT = [
    # (module, the section's title, from this printed line in it or its start, to this one)
    pytest.param(
        JOIN, "Listing the heroes at Sharp Tower, joined along Hero.team:", None, "Rusty-Man",
        [BEGIN, f"{HEROES} JOIN team ON team.id = hero.team_id{SHARP_TOWER}"],
        id="a-join-along-hero-team-takes-its-on-clause-from-the-foreign-key",
    ),
    pytest.param(
        JOIN, "Listing the heroes at Sharp Tower, joined along Hero.team:", "Rusty-Man",
        "Spider-Boy", [f"{TEAMS}\nWHERE team.id = ?"],
        id="the-join-loads-no-team-the-first-read-does",
    ),
    pytest.param(
        JOIN, "Listing the heroes at Sharp Tower, joined along Hero.team:", "Spider-Boy",
        "Listed", [], id="the-second-read-of-the-same-team-sends-nothing",
    ),
    pytest.param(
        CONTAINS_EAGER,
        "Listing the heroes at Sharp Tower, teams from the join (contains_eager):", None, "Listed",
        [BEGIN, "SELECT team.id, team.name, team.headquarters, hero.id AS id_1, hero.name AS "
         "name_1, hero.secret_name, hero.age, hero.team_id\n"
         f"FROM hero JOIN team ON team.id = hero.team_id{SHARP_TOWER}"],
        id="contains-eager-reads-the-teams-from-the-query-s-own-join",
    ),
    pytest.param(
        ANY_HAS, "Listing the teams with heroes, joined along Team.heroes:", None, "Listed",
        [BEGIN, f"{TEAMS} JOIN hero ON team.id = hero.team_id"], id="a-join-along-team-heroes",
    ),
    pytest.param(
        ANY_HAS, "Listing the teams with heroes, filtered with any():", None, "Listed",
        [BEGIN, TEAMS + EXISTS_OF.format("hero", "")], id="any-sends-exists",
    ),
    pytest.param(
        ANY_HAS, "Listing the teams with a hero over 40, filtered with any(...):", None, "Listed",
        [BEGIN, TEAMS + EXISTS_OF.format("hero", " AND hero.age > ?")],
        id="a-condition-of-any-goes-inside-the-exists",
    ),
    pytest.param(
        ANY_HAS, "Listing the heroes at Sharp Tower, filtered with has(...):", None, "Listed",
        [BEGIN, HEROES + EXISTS_OF.format("team", " AND team.headquarters = ?")],
        id="has-sends-exists-on-team",
    ),
    pytest.param(
        SELECTIN_ON_MODEL, "Listing the teams, selectin set on the model:", None, "Listed",
        [BEGIN, TEAMS, HEROES_OF_THE_TEAMS + "(?, ?, ?)"],
        id="selectin-on-the-model-sends-the-in-select-with-no-option",
    ),
    pytest.param(
        SELECTIN_ON_MODEL, "Listing the teams, lazyload asked for by the query:", None,
        "  Avengers", [BEGIN, TEAMS, HEROES_OF_A_TEAM], id="lazyload-overrides-the-model",
    ),
    pytest.param(
        SELECTIN_ON_MODEL, "Listing the teams, lazyload asked for by the query:", "  Avengers",
        "  Z-Force", [HEROES_OF_A_TEAM], id="lazyload-sends-each-select-when-the-list-is-read",
    ),
    pytest.param(
        JOINED_ON_MODEL, "Listing the heroes, joined set on the model:", None, "Listed",
        [BEGIN, JOINED_TEAM], id="joined-on-the-model-joins-the-listing",
    ),
    pytest.param(
        JOINED_ON_MODEL, "Getting hero 2 by primary key:", None, "Got hero 2.",
        [BEGIN, f"{JOINED_TEAM}\nWHERE hero.id = ?"], id="joined-on-the-model-joins-a-get-too",
    ),
    pytest.param(
        RAISE_ON_SQL, "Listing the heroes, their teams selected first:", None, "Listed",
        [BEGIN, TEAMS, HEROES], id="raise-on-sql-lets-teams-from-the-identity-map-through",
    ),
    pytest.param(
        JOINEDLOAD_UNIQUE, "Listing the teams, joinedload with unique():", None, "Listed",
        [BEGIN, TEAMS_JOINED_TO_HEROES], id="joinedload-with-unique-sends-one-select",
    ),
    pytest.param(
        CHAINED, "Listing the teams, their heroes and powers, lazily:", None, "Listed",
        [BEGIN, TEAMS, HEROES_OF_A_TEAM, HEROES_OF_A_TEAM, POWERS_OF_A_HERO, HEROES_OF_A_TEAM,
         POWERS_OF_A_HERO, POWERS_OF_A_HERO],
        id="two-levels-lazily-send-one-select-per-team-and-per-hero",
    ),
    pytest.param(
        CHAINED, "Listing the teams, their heroes and powers, selectinload chained:", None,
        "Listed", [BEGIN, TEAMS, HEROES_OF_THE_TEAMS + "(?, ?, ?)",
                   "SELECT power.hero_id, power.id, power.name\nFROM power\n"
                   "WHERE power.hero_id IN (?, ?, ?)"],
        id="chained-selectinload-sends-one-select-per-level",
    ),
    pytest.param(
        CHAINED, "Listing the teams, their heroes and powers, joinedload chained:", None,
        "Listed", [BEGIN, CHAINED_JOINS], id="chained-joinedload-sends-one-select-two-joins",
    ),
    pytest.param(
        SUBQUERYLOAD, "Listing the teams, subqueryload:", None, LOOP,
        [BEGIN, TEAMS, HEROES_IN_A_SUBQUERY], id="subqueryload-repeats-the-query-as-a-subquery",
    ),
    pytest.param(
        SUBQUERYLOAD, "Listing the teams, subqueryload:", LOOP, "Listed", [],
        id="subqueryload-sends-nothing-in-the-loop",
    ),
    pytest.param(
        IMMEDIATELOAD, "Listing the teams, immediateload:", None, LOOP,
        [BEGIN, TEAMS, HEROES_OF_A_TEAM, HEROES_OF_A_TEAM, HEROES_OF_A_TEAM],
        id="immediateload-sends-every-lazy-select-before-the-loop",
    ),
    pytest.param(
        IMMEDIATELOAD, "Listing the teams, immediateload:", LOOP, "Listed", [],
        id="immediateload-sends-nothing-in-the-loop",
    ),
    pytest.param(
        NOLOAD, "Listing the teams, noload:", None, "Listed", [BEGIN, TEAMS],
        id="noload-sends-only-the-teams",
    ),
    pytest.param(
        WRITE_ONLY, "Listing the Preventers heroes over 40, with the select() of the list:",
        None, "Listed", [f"{HEROES_OF_A_TEAM} AND hero.age > ?"],
        id="a-write-only-list-is-read-with-its-own-select",
    ),
    pytest.param(
        POPULATE_EXISTING, "Listing the Preventers again:", None, "Listed",
        [f"{TEAMS}\nWHERE team.name = ?", HEROES_OF_THE_TEAMS + "(?)"],
        id="listing-again-sends-both-selects",
    ),
    pytest.param(
        POPULATE_EXISTING, "Listing the Preventers, populate_existing:", None, "Listed",
        [f"{TEAMS}\nWHERE team.name = ?", HEROES_OF_THE_TEAMS + "(?)"],
        id="populate-existing-sends-the-same-two-selects",
    ),
    pytest.param(
        LOADER_CRITERIA, "Listing the teams lazily, heroes with a known age only:", None,
        "Listed", [BEGIN, TEAMS, *[HEROES_OF_A_TEAM + AGED] * 3],
        id="loader-criteria-end-every-lazy-select-of-heroes",
    ),
    pytest.param(
        LOADER_CRITERIA, "Listing the teams with selectinload, heroes with a known age only:",
        None, "Listed", [BEGIN, TEAMS, HEROES_OF_THE_TEAMS + "(?, ?, ?)" + AGED],
        id="loader-criteria-end-the-selectinload-select",
    ),
]  # fmt: skip


@pytest.mark.on_both
@pytest.mark.parametrize(("module", "title", "since", "until", "statements"), SENT)
def test_the_section_sends_exactly_these_statements(
    tutorial_run: Run,
    module: Path,
    title: str,
    since: str | None,
    until: str,
    statements: list[str],
) -> None:
    section = after(tutorial_run(module).reading, title)
    assert plain([sent.statement for sent in section.sent(after=since, before=until)]) == (
        statements
    )


PRINTED = [
    pytest.param(
        ANY_HAS, "Listing the teams with heroes, joined along Team.heroes:",
        ["  Z-Force", "  Preventers", "  Preventers", "Listed teams: 3"],
        id="a-join-along-the-list-gives-a-team-once-per-hero",
    ),
    pytest.param(
        ANY_HAS, "Listing the teams with heroes, filtered with any():",
        ["  Z-Force", "  Preventers", "Listed teams: 2"], id="any-gives-each-team-once",
    ),
    pytest.param(
        ANY_HAS, "Listing the teams with a hero over 40, filtered with any(...):",
        ["  Preventers", "Listed teams: 1"], id="any-with-a-condition",
    ),
    pytest.param(
        ANY_HAS, "Listing the heroes at Sharp Tower, filtered with has(...):",
        ["  Rusty-Man", "  Spider-Boy", "Listed heroes: 2"], id="has",
    ),
    pytest.param(
        RAISE_ON_SQL, "Listing the heroes, their teams selected first:",
        ["  Deadpond of Z-Force", "  Rusty-Man of Preventers", "  Spider-Boy of Preventers",
         "  Dr. Weird of None", "Listed heroes: 4 (teams in the session: 3)"],
        id="raise-on-sql-prints-every-team-found-in-the-session",
    ),
    pytest.param(
        NOLOAD, LOOP, ["  Avengers []", "  Z-Force []", "  Preventers []"],
        id="noload-leaves-every-list-empty",
    ),
    pytest.param(
        WRITE_ONLY, "Listing the Preventers heroes over 40, with the select() of the list:",
        ["  Rusty-Man", "Listed heroes: 1"], id="the-select-of-a-write-only-list-gives-heroes",
    ),
    pytest.param(
        POPULATE_EXISTING, "Listing the Preventers again:",
        ["  Preventers ['Rusty-Man', 'Spider-Boy']"], id="listing-again-keeps-the-old-list",
    ),
    pytest.param(
        LOADER_CRITERIA, "Listing the teams lazily, heroes with a known age only:",
        ["  Avengers []", "  Z-Force []", "  Preventers ['Rusty-Man']"],
        id="loader-criteria-leave-only-heroes-with-an-age",
    ),
]  # fmt: skip


@pytest.mark.on_both
@pytest.mark.parametrize(("module", "title", "lines"), PRINTED)
def test_the_section_prints_these_lines(
    tutorial_run: Run, module: Path, title: str, lines: list[str]
) -> None:
    assert tutorial_run(module).reading.printed_after(title)[: len(lines)] == lines


REFILLED = "Listing the Preventers, populate_existing:"


@pytest.mark.on_both
def test_populate_existing_refills_the_list_where_the_other_commit_is_seen(
    tutorial_run: Run, tutorial_database: Database
) -> None:
    """SQLite and PostgreSQL read what another session committed since the transaction
    began (PostgreSQL's default READ COMMITTED); MariaDB's InnoDB keeps the snapshot of the
    transaction's first read (its default REPEATABLE READ), so even a refill finds the old
    list there: the same two SELECTs, without Tarantula."""
    heroes = ["Rusty-Man", "Spider-Boy"]
    if tutorial_database.name != "mariadb":
        heroes.append("Tarantula")
    assert tutorial_run(POPULATE_EXISTING).reading.printed_after(REFILLED)[:1] == [
        f"  Preventers {heroes}"
    ]


@pytest.mark.on_both
def test_contains_eager_prints_what_the_join_alone_prints(tutorial_run: Run) -> None:
    joined, eager = tutorial_run(JOIN).reading, tutorial_run(CONTAINS_EAGER).reading
    assert eager.printed[1:] == joined.printed[1:]


@pytest.mark.on_both
def test_lazyload_prints_the_lists_selectin_printed(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN_ON_MODEL).reading
    lazily = reading.printed_after("Listing the teams, lazyload asked for by the query:")
    assert lazily == reading.printed_after("Listing the teams, selectin set on the model:")[:4]


@pytest.mark.on_both
@pytest.mark.parametrize(
    ("module", "title", "statement", "message"),
    [
        (
            RAISE_ON_SQL,
            "Reading the heroes, no team in the session:",
            HEROES,
            "'Hero.team' is not available due to lazy='raise_on_sql'",
        ),
        (
            JOINEDLOAD_NOT_UNIQUE,
            "Listing the teams, joinedload without unique():",
            TEAMS_JOINED_TO_HEROES,
            "The unique() method must be invoked on this Result, as it contains results that "
            "include joined eager loads against collections",
        ),
    ],
    ids=["raise_on_sql-without-the-team-in-the-session", "joinedload-of-a-list-without-unique"],
)
def test_the_run_ends_after_one_select_with_an_invalid_request(
    tutorial_run: Run, module: Path, title: str, statement: str, message: str
) -> None:
    sent, error = ending(tutorial_run(module).reading, title)
    assert sent == [BEGIN, statement, "ROLLBACK"]
    assert error == Error("sqlalchemy.exc.InvalidRequestError", message)


@pytest.mark.on_both
def test_joinedload_with_unique_lists_each_team_once(tutorial_run: Run) -> None:
    reading = tutorial_run(JOINEDLOAD_UNIQUE).reading
    assert sorted(reading.printed_after("Listing the teams, joinedload with unique():")) == [
        "  Avengers []",
        "  Preventers ['Rusty-Man', 'Spider-Boy']",
        "  Z-Force ['Deadpond']",
        "Listed teams: 3",
    ]


def test_the_joined_listing_orders_the_teams_as_each_database_joins_them(
    tutorial_run: Run, tutorial_run_postgresql: Run
) -> None:
    title = "Listing the teams, joinedload with unique():"
    on_sqlite = tutorial_run(JOINEDLOAD_UNIQUE).reading.printed_after(title)
    on_postgresql = tutorial_run_postgresql(JOINEDLOAD_UNIQUE).reading.printed_after(title)
    assert [line.split()[0] for line in on_sqlite[:3]] == ["Avengers", "Z-Force", "Preventers"]
    assert [line.split()[0] for line in on_postgresql[:3]] == ["Z-Force", "Preventers", "Avengers"]


@pytest.mark.on_both
def test_each_chained_listing_holds_the_same_powers(tutorial_run: Run) -> None:
    reading = tutorial_run(CHAINED).reading
    lazily = reading.printed_after("Listing the teams, their heroes and powers, lazily:")[:7]
    for way in ("selectinload chained:", "joinedload chained:"):
        listed = reading.printed_after(f"Listing the teams, their heroes and powers, {way}")
        assert sorted(map(unordered, listed[:7])) == sorted(map(unordered, lazily))


def test_on_sqlite_joinedload_gives_rusty_man_s_powers_in_another_order(tutorial_run: Run) -> None:
    printed = tutorial_run(CHAINED).reading.printed
    assert printed.count("    Rusty-Man ['Flight', 'Armor']") == 2  # lazily, selectinload
    assert printed.count("    Rusty-Man ['Armor', 'Flight']") == 1  # joinedload


@pytest.mark.on_both
def test_noload_is_deprecated_in_sqlalchemy_2_1(tutorial_run: Run) -> None:
    [warning] = tutorial_run(NOLOAD).reading.warnings
    assert warning.category == "SADeprecationWarning"
    assert warning.text.startswith("The noload() option is deprecated")
    assert "(deprecated since: 2.1)" in warning.text


@pytest.mark.on_both
def test_a_write_only_list_adds_a_hero_without_reading_the_list(tutorial_run: Run) -> None:
    sent = tutorial_run(WRITE_ONLY).reading.sent(
        after="Adding a hero to the Preventers:", before="Added the hero."
    )
    assert [s.statement.split(" VALUES ")[0] for s in sent] == [
        "INSERT INTO hero (name, secret_name, age, team_id)",
        "COMMIT",
    ]


@pytest.mark.on_both
def test_a_write_only_list_refuses_to_be_iterated(tutorial_run: Run) -> None:
    sent, error = ending(tutorial_run(WRITE_ONLY).reading, "Reading the list itself:")
    assert sent == ["ROLLBACK"]
    assert error is not None
    assert error.type == "TypeError"
    assert error.message.startswith("WriteOnly collections don't support iteration in-place")
