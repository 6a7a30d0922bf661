"""Claims of the read_connected_data page (curriculum A.3), asserted on the recorded runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.testing import Database, table

from ..conftest import Run

CHAPTER = DOCS_SRC / "connect_tables" / "read_connected_data"
WHERE = CHAPTER / "tutorial001.py"
JOIN = CHAPTER / "tutorial002.py"
OUTER = CHAPTER / "tutorial003.py"
HEROES_ONLY = CHAPTER / "tutorial004.py"
HEROES_AND_TEAM = CHAPTER / "tutorial005.py"

WHERE_HEADER = "Heroes with their teams, matched in WHERE:"
JOIN_HEADER = "Heroes with their teams, matched by JOIN:"
OUTER_HEADER = "Every hero, with a team where there is one (LEFT OUTER JOIN):"
HEROES_ONLY_HEADER = "Heroes of the Preventers:"
HEROES_AND_TEAM_HEADER = "Heroes of the Preventers, with their team:"

HERO_COLUMNS = "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id"
BOTH_COLUMNS = f"{HERO_COLUMNS}, team.id AS id_1, team.name AS name_1, team.headquarters"


def _query(run: Run, module: Path, header: str) -> tuple[str, object]:
    """The one SELECT the module sent after printing ``header``, with its parameters."""
    [select] = [
        s for s in run(module).reading.sent(after=header) if s.statement.startswith("SELECT")
    ]
    return select.statement, select.parameters


@pytest.mark.on_both
def test_where_join_and_join_return_the_same_pairs(tutorial_run: Run) -> None:
    where_pairs = tutorial_run(WHERE).reading.printed_after(WHERE_HEADER)
    join_pairs = tutorial_run(JOIN).reading.printed_after(JOIN_HEADER)
    assert where_pairs == ["  Deadpond | Z-Force", "  Rusty-Man | Preventers"]
    assert join_pairs == where_pairs


@pytest.mark.on_both
def test_left_outer_join_returns_one_row_more_and_it_has_no_team(tutorial_run: Run) -> None:
    join_pairs = tutorial_run(JOIN).reading.printed_after(JOIN_HEADER)
    outer_pairs = tutorial_run(OUTER).reading.printed_after(OUTER_HEADER)
    assert len(outer_pairs) == len(join_pairs) + 1
    extra = [pair for pair in outer_pairs if pair not in join_pairs]
    assert extra == ["  Spider-Boy | None"]


def test_the_where_join_sends_from_hero_team_where(tutorial_run: Run) -> None:
    assert _query(tutorial_run, WHERE, WHERE_HEADER) == (
        f"{BOTH_COLUMNS}\nFROM hero, team\nWHERE hero.team_id = team.id",
        (),
    )


def test_the_join_sends_join_team_on(tutorial_run: Run) -> None:
    assert _query(tutorial_run, JOIN, JOIN_HEADER) == (
        f"{BOTH_COLUMNS}\nFROM hero JOIN team ON team.id = hero.team_id",
        (),
    )


def test_the_outer_join_sends_left_outer_join_team_on(tutorial_run: Run) -> None:
    assert _query(tutorial_run, OUTER, OUTER_HEADER) == (
        f"{BOTH_COLUMNS}\nFROM hero LEFT OUTER JOIN team ON team.id = hero.team_id",
        (),
    )


def test_filtering_by_the_team_selects_hero_columns_only(tutorial_run: Run) -> None:
    assert _query(tutorial_run, HEROES_ONLY, HEROES_ONLY_HEADER) == (
        f"{HERO_COLUMNS}\nFROM hero JOIN team ON team.id = hero.team_id\nWHERE team.name = ?",
        ("Preventers",),
    )


def test_filtering_by_the_team_with_select_hero_team_adds_the_team_columns(
    tutorial_run: Run,
) -> None:
    assert _query(tutorial_run, HEROES_AND_TEAM, HEROES_AND_TEAM_HEADER) == (
        f"{BOTH_COLUMNS}\nFROM hero JOIN team ON team.id = hero.team_id\nWHERE team.name = ?",
        ("Preventers",),
    )


@pytest.mark.on_both
def test_filtering_by_the_team_returns_its_heroes_only(tutorial_run: Run) -> None:
    heroes_only = tutorial_run(HEROES_ONLY).reading.printed_after(HEROES_ONLY_HEADER)
    assert heroes_only == [
        "  id=2 name='Rusty-Man' secret_name='Tommy Sharp' age=48 team_id=1",
    ]
    with_team = tutorial_run(HEROES_AND_TEAM).reading.printed_after(HEROES_AND_TEAM_HEADER)
    assert with_team == [
        "  Hero: id=2 name='Rusty-Man' secret_name='Tommy Sharp' age=48 team_id=1",
        "  Team: id=1 name='Preventers' headquarters='Sharp Tower'",
    ]


# the page's "Which one to use" table, each row checked against the module that runs it

PAGE = PROJECT.docs / "connect_tables" / "read_connected_data.md"


def _statement_in(module: Path) -> str:
    [line] = [ln.strip() for ln in module.read_text().splitlines() if "statement = " in ln]
    return line.removeprefix("statement = ")


def _heroes_and_teams(run: Run, module: Path) -> list[tuple[object, object]]:
    """Each hero of the database the module left, with the name of its team or None."""
    state = run(module).state
    teams = {row[0]: row[1] for row in table(state, "team").rows}
    return [(row[1], teams.get(row[4])) for row in table(state, "hero").rows]


@pytest.mark.on_both
def test_each_row_of_which_one_to_use_is_what_its_module_does(
    tutorial_run: Run, tutorial_database: Database
) -> None:
    text = PAGE.read_text(encoding="utf-8").partition("\n## Which one to use\n")[2]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    table = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]
    assert table[:2] == [["You want", "Write"], ["---", "---"]]
    # each row's code is the statement of one module, `(...)` standing for its condition
    written = [row[1].strip("`").removesuffix("(...)") for row in table[2:]]
    assert [
        _statement_in(m)[: len(w)] for m, w in zip((JOIN, OUTER, HEROES_ONLY), written, strict=True)
    ] == written
    # and what the reader wants is what that module printed
    assert [row[0] for row in table[2:]] == [
        "heroes with their teams, only heroes that have one",
        "every hero, with a team or `None`",
        "heroes, filtered by something about their team",
    ]
    assert tutorial_run(JOIN).reading.printed[1:] == [
        f"  {hero} | {team}"
        for hero, team in _heroes_and_teams(tutorial_run, JOIN)
        if team is not None
    ]
    assert tutorial_run(OUTER).reading.printed[1:] == [
        f"  {hero} | {team}" for hero, team in _heroes_and_teams(tutorial_run, OUTER)
    ]
    assert [h for h, team in _heroes_and_teams(tutorial_run, OUTER) if team is None] == [
        "Spider-Boy"
    ]
    [selected] = [s for s in tutorial_run(HEROES_ONLY).reading.statements if "JOIN team" in s]
    join = "INNER JOIN" if tutorial_database.name == "mariadb" else "JOIN"  # MySQL's words
    assert selected.startswith(HERO_COLUMNS + f"\nFROM hero {join} team")
    assert tutorial_run(HEROES_ONLY).reading.printed[1:] == [
        "  id=2 name='Rusty-Man' secret_name='Tommy Sharp' age=48 team_id=1"
    ]
