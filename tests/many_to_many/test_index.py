"""Claims of the many-to-many intro page (curriculum C.1), on the database the create-data
step leaves behind (its ``.db.sql`` record, which the page shows)."""

from __future__ import annotations

import re

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.testing import query

from ..conftest import Run

CREATE_DATA = DOCS_SRC / "many_to_many" / "create_data" / "tutorial001.py"

PAGE = PROJECT.docs / "many_to_many" / "index.md"


def _page_query() -> str:
    """The SQL block of the page, as the page runs it."""
    [query] = re.findall(r"^```sql state=\"[^\"]+\"\n(.*?)^```$", PAGE.read_text(), re.M | re.S)
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
