"""Claims of the many-to-many intro page (curriculum C.1), on the database the create-data
step leaves behind (its ``.db.sql`` record, which the page shows)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Column, Integer, Table
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import registry

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.testing import query

from ..conftest import Run

CREATE_DATA = DOCS_SRC / "many_to_many" / "create_data" / "tutorial001.py"

PAGE = PROJECT.docs / "many_to_many" / "index.md"


def _page_query() -> str:
    """The SQL block of the page that runs on the create-data record, as the page runs it."""
    block = r"^```sql state=\"tests/[^\"]+\"\n(.*?)^```$"
    [query] = re.findall(block, PAGE.read_text(), re.M | re.S)
    return str(query)


@pytest.mark.on_both
def test_the_hero_table_has_no_team_column(tutorial_run: Run) -> None:
    columns = [
        row[1] for row in query(tutorial_run(CREATE_DATA).state, "PRAGMA table_info('hero')").rows
    ]
    assert columns == ["id", "name", "secret_name", "age"]


@pytest.mark.on_both
def test_the_link_table_has_one_row_per_membership(tutorial_run: Run) -> None:
    state = tutorial_run(CREATE_DATA).state
    links = query(state, "SELECT team_id, hero_id FROM heroteamlink").rows
    assert [hero for _, hero in links].count(1) == 2  # Deadpond, twice
    assert [team for team, _ in links].count(2) == 3  # the Preventers, three times
    assert query(state, "SELECT id, name FROM team ORDER BY id").rows == [
        (1, "Z-Force"),
        (2, "Preventers"),
    ]
    assert query(state, "SELECT id FROM hero WHERE name = 'Deadpond'").rows == [(1,)]


@pytest.mark.on_both
def test_joining_the_link_table_lists_each_membership_by_name(tutorial_run: Run) -> None:
    assert query(tutorial_run(CREATE_DATA).state, _page_query()).rows == [
        ("Deadpond", "Z-Force"),
        ("Deadpond", "Preventers"),
        ("Rusty-Man", "Preventers"),
        ("Spider-Boy", "Preventers"),
    ]


@pytest.mark.on_both
def test_the_pair_is_the_primary_key_of_the_link_table(tutorial_run: Run) -> None:
    info = query(tutorial_run(CREATE_DATA).state, "PRAGMA table_info('heroteamlink')").rows
    # (cid, name, type, notnull, default, pk): pk numbers the key's columns in key order
    assert [(row[1], row[5]) for row in info] == [("team_id", 1), ("hero_id", 2)]
    foreign = query(
        tutorial_run(CREATE_DATA).state,
        'SELECT "from", "table", "to" FROM pragma_foreign_key_list(\'heroteamlink\')',
    ).rows
    assert sorted(foreign) == [("hero_id", "hero", "id"), ("team_id", "team", "id")]


# The ORM needs a primary key, SQL does not


def test_sql_accepts_a_table_without_a_key_holding_two_equal_rows() -> None:
    made = query(
        "",
        "CREATE TABLE membership (team_id INTEGER, hero_id INTEGER);\n"
        "INSERT INTO membership VALUES (2, 3), (2, 3);\n"
        "SELECT team_id, hero_id FROM membership;",
    )
    assert made.rows == [(2, 3), (2, 3)]


def test_the_orm_refuses_to_map_a_table_without_a_primary_key() -> None:
    mapper_registry = registry()
    membership = Table(
        "membership",
        mapper_registry.metadata,
        Column("team_id", Integer),
        Column("hero_id", Integer),
    )

    class Membership:
        pass

    with pytest.raises(ArgumentError) as refused:
        mapper_registry.map_imperatively(Membership, membership)
    assert str(refused.value) == (
        "Mapper Mapper[Membership(membership)] could not assemble any primary key columns "
        "for mapped table 'membership'"
    )
