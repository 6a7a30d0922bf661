"""Claims of the choosing a loader page (curriculum E), asserted on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Error

from ..conftest import Run
from .shapes import (
    HEROES,
    HEROES_OF_A_TEAM,
    HEROES_OF_THE_TEAMS,
    JOINED_TEAM,
    POWERS_OF_A_HERO,
    TEAMS,
    after,
    between,
    plain,
    unordered,
)
from .statements import kinds

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


@pytest.mark.on_both
def test_a_join_along_hero_team_filters_on_the_foreign_key_and_loads_no_team(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(JOIN).reading
    assert between(reading, "Listing the heroes at Sharp Tower", "Rusty-Man") == [
        "BEGIN (implicit)",
        f"{HEROES} JOIN team ON team.id = hero.team_id\nWHERE team.headquarters = ?",
    ]
    assert between(reading, "Rusty-Man", "Spider-Boy") == [f"{TEAMS}\nWHERE team.id = ?"]
    assert between(reading, "Spider-Boy", "Listed heroes: 2") == []


@pytest.mark.on_both
def test_contains_eager_reads_the_teams_from_the_same_join(tutorial_run: Run) -> None:
    reading = tutorial_run(CONTAINS_EAGER).reading
    assert between(reading, "Listing the heroes at Sharp Tower", "Listed heroes: 2") == [
        "BEGIN (implicit)",
        "SELECT team.id, team.name, team.headquarters, hero.id AS id_1, hero.name AS name_1, "
        "hero.secret_name, hero.age, hero.team_id\n"
        "FROM hero JOIN team ON team.id = hero.team_id\nWHERE team.headquarters = ?",
    ]


@pytest.mark.on_both
def test_contains_eager_prints_what_the_join_alone_prints(tutorial_run: Run) -> None:
    joined, eager = tutorial_run(JOIN).reading, tutorial_run(CONTAINS_EAGER).reading
    assert eager.printed[1:] == joined.printed[1:]


@pytest.mark.on_both
def test_a_join_along_the_list_gives_a_team_once_per_hero(tutorial_run: Run) -> None:
    reading = tutorial_run(ANY_HAS).reading
    title = "Listing the teams with heroes, joined along Team.heroes:"
    assert between(reading, title, "Listed teams") == [
        "BEGIN (implicit)",
        f"{TEAMS} JOIN hero ON team.id = hero.team_id",
    ]
    listed = ["  Z-Force", "  Preventers", "  Preventers", "Listed teams: 3"]
    assert reading.printed_after(title)[:4] == listed


EXISTS_OF = "\nWHERE EXISTS (SELECT 1\nFROM {}\nWHERE team.id = hero.team_id{})"


@pytest.mark.on_both
@pytest.mark.parametrize(
    ("title", "statement", "listed"),
    [
        (
            "Listing the teams with heroes, filtered with any():",
            TEAMS + EXISTS_OF.format("hero", ""),
            ["  Z-Force", "  Preventers", "Listed teams: 2"],
        ),
        (
            "Listing the teams with a hero over 40, filtered with any(...):",
            TEAMS + EXISTS_OF.format("hero", " AND hero.age > ?"),
            ["  Preventers", "Listed teams: 1"],
        ),
        (
            "Listing the heroes at Sharp Tower, filtered with has(...):",
            HEROES + EXISTS_OF.format("team", " AND team.headquarters = ?"),
            ["  Rusty-Man", "  Spider-Boy", "Listed heroes: 2"],
        ),
    ],
    ids=["any", "any-with-a-condition", "has"],
)
def test_any_and_has_send_one_select_with_exists_each_row_once(
    tutorial_run: Run, title: str, statement: str, listed: list[str]
) -> None:
    reading = tutorial_run(ANY_HAS).reading
    assert between(reading, title, "Listed") == ["BEGIN (implicit)", statement]
    assert reading.printed_after(title)[: len(listed)] == listed


@pytest.mark.on_both
def test_selectin_on_the_model_sends_two_selects_with_no_option(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN_ON_MODEL).reading
    sent = between(reading, "Listing the teams, selectin set on the model:", "  Avengers")
    assert sent[1:] == [TEAMS, HEROES_OF_THE_TEAMS + "(?, ?, ?)"]
    assert between(reading, "  Avengers", "Listed teams: 3") == []


@pytest.mark.on_both
def test_a_lazyload_option_overrides_selectin_on_the_model(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN_ON_MODEL).reading
    title = "Listing the teams, lazyload asked for by the query:"
    assert between(reading, title, "  Avengers") == ["BEGIN (implicit)", TEAMS, HEROES_OF_A_TEAM]
    section = after(reading, title)
    assert between(section, "  Avengers", "  Z-Force") == [HEROES_OF_A_TEAM]
    assert between(section, "  Z-Force", "  Preventers") == [HEROES_OF_A_TEAM]
    first = "Listing the teams, selectin set on the model:"
    assert reading.printed_after(title) == reading.printed_after(first)[:4]


@pytest.mark.on_both
def test_joined_on_the_model_joins_every_select_of_heroes(tutorial_run: Run) -> None:
    reading = tutorial_run(JOINED_ON_MODEL).reading
    assert between(reading, "Listing the heroes, joined set on the model:", "Listed heroes") == [
        "BEGIN (implicit)",
        JOINED_TEAM,
    ]
    assert between(reading, "Getting hero 2 by primary key:", "Got hero 2.") == [
        "BEGIN (implicit)",
        f"{JOINED_TEAM}\nWHERE hero.id = ?",
    ]


@pytest.mark.on_both
def test_raise_on_sql_lets_a_team_in_the_identity_map_through(tutorial_run: Run) -> None:
    reading = tutorial_run(RAISE_ON_SQL).reading
    title = "Listing the heroes, their teams selected first:"
    assert between(reading, title, "Listed heroes") == ["BEGIN (implicit)", TEAMS, HEROES]
    assert reading.printed_after(title)[:5] == [
        "  Deadpond of Z-Force",
        "  Rusty-Man of Preventers",
        "  Spider-Boy of Preventers",
        "  Dr. Weird of None",
        "Listed heroes: 4 (teams in the session: 3)",
    ]


@pytest.mark.on_both
def test_raise_on_sql_refuses_a_team_it_would_have_to_select(tutorial_run: Run) -> None:
    reading = tutorial_run(RAISE_ON_SQL).reading
    title = "Reading the heroes, no team in the session:"
    sent = plain([s.statement for s in reading.sent(after=title)])
    assert sent == ["BEGIN (implicit)", HEROES, "ROLLBACK"]
    assert reading.printed[-1] == title
    assert reading.error == Error(
        "sqlalchemy.exc.InvalidRequestError",
        "'Hero.team' is not available due to lazy='raise_on_sql'",
    )


@pytest.mark.on_both
def test_joinedload_of_a_list_without_unique_ends_the_run(tutorial_run: Run) -> None:
    reading = tutorial_run(JOINEDLOAD_NOT_UNIQUE).reading
    title = "Listing the teams, joinedload without unique():"
    assert kinds(reading.statements[-3:]) == ["BEGIN", "SELECT", "ROLLBACK"]
    assert reading.printed[-1] == title
    assert reading.error == Error(
        "sqlalchemy.exc.InvalidRequestError",
        "The unique() method must be invoked on this Result, as it contains results that "
        "include joined eager loads against collections",
    )


@pytest.mark.on_both
def test_joinedload_with_unique_sends_one_select_and_lists_each_team_once(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(JOINEDLOAD_UNIQUE).reading
    title = "Listing the teams, joinedload with unique():"
    assert between(reading, title, "Listed teams") == [
        "BEGIN (implicit)",
        "SELECT team.id, team.name, team.headquarters, hero_1.id AS id_1, hero_1.name AS name_1, "
        "hero_1.secret_name, hero_1.age, hero_1.team_id\n"
        "FROM team LEFT OUTER JOIN hero AS hero_1 ON team.id = hero_1.team_id",
    ]
    assert sorted(reading.printed_after(title)) == [
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
    assert [line.split(" [")[0] for line in on_sqlite[:3]] == [
        "  Avengers",
        "  Z-Force",
        "  Preventers",
    ]
    assert [line.split(" [")[0] for line in on_postgresql[:3]] == [
        "  Z-Force",
        "  Preventers",
        "  Avengers",
    ]


@pytest.mark.on_both
def test_two_levels_lazily_send_one_select_per_team_and_per_hero(tutorial_run: Run) -> None:
    reading = tutorial_run(CHAINED).reading
    sent = between(reading, "Listing the teams, their heroes and powers, lazily:", "Listed teams")
    assert sent[1:] == [
        TEAMS,
        HEROES_OF_A_TEAM,
        HEROES_OF_A_TEAM,
        POWERS_OF_A_HERO,
        HEROES_OF_A_TEAM,
        POWERS_OF_A_HERO,
        POWERS_OF_A_HERO,
    ]


@pytest.mark.on_both
def test_chained_selectinload_sends_one_select_per_level(tutorial_run: Run) -> None:
    reading = tutorial_run(CHAINED).reading
    title = "Listing the teams, their heroes and powers, selectinload chained:"
    assert between(reading, title, "  Avengers") == [
        "BEGIN (implicit)",
        TEAMS,
        HEROES_OF_THE_TEAMS + "(?, ?, ?)",
        "SELECT power.hero_id, power.id, power.name\nFROM power\nWHERE power.hero_id IN (?, ?, ?)",
    ]
    assert between(after(reading, title), "  Avengers", "Listed teams") == []


@pytest.mark.on_both
def test_chained_joinedload_sends_one_select_with_two_outer_joins(tutorial_run: Run) -> None:
    reading = tutorial_run(CHAINED).reading
    title = "Listing the teams, their heroes and powers, joinedload chained:"
    assert between(reading, title, "Listed teams") == [
        "BEGIN (implicit)",
        "SELECT team.id, team.name, team.headquarters, power_1.id AS id_1, "
        "power_1.name AS name_1, power_1.hero_id, hero_1.id AS id_2, hero_1.name AS name_2, "
        "hero_1.secret_name, hero_1.age, hero_1.team_id\n"
        "FROM team LEFT OUTER JOIN hero AS hero_1 ON team.id = hero_1.team_id "
        "LEFT OUTER JOIN power AS power_1 ON hero_1.id = power_1.hero_id",
    ]


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
def test_subqueryload_repeats_the_teams_query_inside_the_heroes_query(tutorial_run: Run) -> None:
    reading = tutorial_run(SUBQUERYLOAD).reading
    assert between(reading, "Listing the teams, subqueryload:", "Looping over the teams:") == [
        "BEGIN (implicit)",
        TEAMS,
        "SELECT hero.id AS hero_id, hero.name AS hero_name, hero.secret_name AS "
        "hero_secret_name, hero.age AS hero_age, hero.team_id AS hero_team_id, "
        "anon_1.team_id AS anon_1_team_id\n"
        "FROM (SELECT team.id AS team_id\nFROM team) AS anon_1 "
        "JOIN hero ON anon_1.team_id = hero.team_id",
    ]
    assert between(reading, "Looping over the teams:", "Listed teams") == []


@pytest.mark.on_both
def test_immediateload_sends_every_lazy_select_before_the_loop(tutorial_run: Run) -> None:
    reading = tutorial_run(IMMEDIATELOAD).reading
    assert between(reading, "Listing the teams, immediateload:", "Looping over the teams:") == [
        "BEGIN (implicit)",
        TEAMS,
        HEROES_OF_A_TEAM,
        HEROES_OF_A_TEAM,
        HEROES_OF_A_TEAM,
    ]
    assert between(reading, "Looping over the teams:", "Listed teams") == []


@pytest.mark.on_both
def test_noload_sends_only_the_teams_leaves_every_list_empty_and_is_deprecated(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(NOLOAD).reading
    title = "Listing the teams, noload:"
    assert between(reading, title, "Listed teams") == ["BEGIN (implicit)", TEAMS]
    empty = ["  Avengers []", "  Z-Force []", "  Preventers []"]
    assert reading.printed_after("Looping over the teams:")[:3] == empty
    [warning] = reading.warnings
    assert warning.category == "SADeprecationWarning"
    assert warning.text.startswith("The noload() option is deprecated")
    assert "(deprecated since: 2.1)" in warning.text


@pytest.mark.on_both
def test_a_write_only_list_adds_a_hero_without_reading_the_list(tutorial_run: Run) -> None:
    reading = tutorial_run(WRITE_ONLY).reading
    sent = between(reading, "Adding a hero to the Preventers:", "Added the hero.")
    assert kinds(sent) == ["INSERT", "COMMIT"]
    assert sent[0].startswith("INSERT INTO hero (name, secret_name, age, team_id) VALUES")


@pytest.mark.on_both
def test_a_write_only_list_is_read_with_its_own_select(tutorial_run: Run) -> None:
    reading = tutorial_run(WRITE_ONLY).reading
    title = "Listing the Preventers heroes over 40, with the select() of the list:"
    assert between(reading, title, "Listed heroes") == [f"{HEROES_OF_A_TEAM} AND hero.age > ?"]
    assert reading.printed_after(title)[:2] == ["  Rusty-Man", "Listed heroes: 1"]


@pytest.mark.on_both
def test_a_write_only_list_refuses_to_be_iterated(tutorial_run: Run) -> None:
    reading = tutorial_run(WRITE_ONLY).reading
    assert reading.printed[-1] == "Reading the list itself:"
    assert [s.statement for s in reading.sent(after="Reading the list itself:")] == ["ROLLBACK"]
    assert reading.error is not None
    assert reading.error.type == "TypeError"
    assert reading.error.message.startswith(
        "WriteOnly collections don't support iteration in-place"
    )


@pytest.mark.on_both
@pytest.mark.parametrize(
    ("title", "listed"),
    [
        ("Listing the Preventers again:", "['Rusty-Man', 'Spider-Boy']"),
        ("Listing the Preventers, populate_existing:", "['Rusty-Man', 'Spider-Boy', 'Tarantula']"),
    ],
    ids=["again", "populate_existing"],
)
def test_the_same_two_selects_fill_the_loaded_list_only_with_populate_existing(
    tutorial_run: Run, title: str, listed: str
) -> None:
    reading = tutorial_run(POPULATE_EXISTING).reading
    assert between(reading, title, "Listed teams") == [
        f"{TEAMS}\nWHERE team.name = ?",
        HEROES_OF_THE_TEAMS + "(?)",
    ]
    assert reading.printed_after(title)[0] == f"  Preventers {listed}"


@pytest.mark.on_both
def test_loader_criteria_end_every_lazy_select_of_heroes(tutorial_run: Run) -> None:
    reading = tutorial_run(LOADER_CRITERIA).reading
    title = "Listing the teams lazily, heroes with a known age only:"
    with_age = f"{HEROES_OF_A_TEAM} AND hero.age IS NOT NULL"
    sent = between(reading, title, "Listed teams")
    assert sent == ["BEGIN (implicit)", TEAMS, with_age, with_age, with_age]
    aged = ["  Avengers []", "  Z-Force []", "  Preventers ['Rusty-Man']"]
    assert reading.printed_after(title)[:3] == aged


@pytest.mark.on_both
def test_loader_criteria_end_the_selectinload_select_too(tutorial_run: Run) -> None:
    reading = tutorial_run(LOADER_CRITERIA).reading
    title = "Listing the teams with selectinload, heroes with a known age only:"
    assert between(reading, title, "Listed teams") == [
        "BEGIN (implicit)",
        TEAMS,
        HEROES_OF_THE_TEAMS + "(?, ?, ?) AND hero.age IS NOT NULL",
    ]
