"""The chapter pages of a project that records on MariaDB too: an excerpt whose lines differ
there gets a "MariaDB" tab, cut from the MariaDB record with the same markers."""

from __future__ import annotations

import re

from tests.layout import PROJECT
from tutorial_recorder.site.includes import expand

RECORD = "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.txt"
TAB = re.compile(r'^ *===!? "(?P<label>[^"]+)"$', re.M)


def test_an_excerpt_that_differs_on_every_database_has_a_tab_for_each() -> None:
    directive = f'{{* {RECORD} from="Spider-Boy: id=3" to="at the start" *}}'
    expanded = expand(PROJECT, directive, "docs/fixture.md")
    assert TAB.findall(expanded) == ["SQLite", "PostgreSQL", "MariaDB"]
    mariadb = expanded.split('=== "MariaDB"', 1)[1]
    assert "--on mariadb" in mariadb
    assert "WHERE %(param_1)s = hero.team_id" in mariadb


def test_an_excerpt_the_same_on_every_database_is_one_block() -> None:
    directive = f'{{* {RECORD} from="at the start" to="before commit" *}}'
    assert TAB.findall(expand(PROJECT, directive, "docs/fixture.md")) == []
