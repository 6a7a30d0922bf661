"""The pages of a project that records on PostgreSQL too: a record included is one block
where both runs show the same lines, a "SQLite" and a "PostgreSQL" tab where they do not;
a step's "Run it yourself" block gives the command that runs it on PostgreSQL."""

from __future__ import annotations

import dataclasses
import re
from xml.etree import ElementTree

import markdown
import pytest

from tests import layout
from tests.layout import ROOT
from tutorial_recorder.site import running
from tutorial_recorder.site.includes import IncludeError, expand

MODULE = "docs_src/relationship_attributes/back_populates/tutorial001.py"
RECORD = "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.txt"
TWIN = "tests/records/postgresql/relationship_attributes/back_populates/tutorial001.txt"
PAGE = "docs/fixture.md"
STEP = running.breakable("relationship_attributes/back_populates/1")
ON_POSTGRESQL = f"$ companion run {STEP} --on postgresql"
PROJECT = dataclasses.replace(layout.PROJECT, databases=("sqlite", "postgresql"))
"""The project on SQLite and PostgreSQL alone (MariaDB's tabs: test_mariadb_tabs.py)."""
TAB = re.compile(r'^(?P<indent> *)===!? "(?P<label>[^"]+)"$')


def tabs(markdown: str) -> list[tuple[str, str, ElementTree.Element]]:
    """Each tab of ``markdown``: its indent, its label and its transcript."""
    lines = markdown.split("\n")
    found = []
    for number, line in enumerate(lines):
        if (tab := TAB.match(line)) is not None:
            assert lines[number + 1] == ""
            html = lines[number + 2]
            assert html.startswith(tab.group("indent") + "    <div")
            found.append((tab.group("indent"), tab.group("label"), ElementTree.fromstring(html)))
    return found


def console(transcript: ElementTree.Element) -> str:
    return "".join(transcript.find("pre/code/span").itertext())  # type: ignore[union-attr]


def marked(transcript: ElementTree.Element) -> list[str]:
    return [
        "".join(line.itertext())
        for line in transcript.iter("span")
        if "hl" in line.get("class", "").split()
    ]


def record_lines(record: str, first: int, last: int) -> str:
    """Lines ``first`` to ``last`` (1-based, both included) of ``record``."""
    return "\n".join((ROOT / record).read_text(encoding="utf-8").splitlines()[first - 1 : last])


def test_an_excerpt_whose_statements_differ_becomes_a_sqlite_and_a_postgresql_tab() -> None:
    directive = f'{{* {RECORD} from="Spider-Boy: id=3" to="at the start" *}}'
    [(_, sqlite_label, sqlite), (_, postgresql_label, postgresql)] = tabs(
        expand(PROJECT, directive, PAGE)
    )
    assert (sqlite_label, postgresql_label) == ("SQLite", "PostgreSQL")
    assert console(sqlite) == f"$ python {running.breakable(MODULE)} # lines 63-68 of 83"
    assert console(postgresql) == f"{ON_POSTGRESQL} # lines 59-64 of 79"
    # each tab copies its own record's lines, as the terminal shows them
    assert sqlite.get("data-copy") == record_lines(RECORD, 63, 68)
    assert postgresql.get("data-copy") == record_lines(TWIN, 59, 64)
    assert "WHERE %(param_1)s::INTEGER = hero.team_id" in record_lines(TWIN, 59, 64)


def test_an_excerpt_the_same_on_both_databases_is_one_block() -> None:
    expanded = expand(PROJECT, f'{{* {RECORD} from="at the start" to="before commit" *}}', PAGE)
    assert tabs(expanded) == []
    assert console(ElementTree.fromstring(expanded)) == (
        f"$ python {running.breakable(MODULE)} # lines 68-69 of 83"
    )


def test_tabs_are_indented_like_the_directive_they_replace() -> None:
    directive = f'=== "Outer"\n\n    {{* {RECORD} from="Spider-Boy: id=3" to="at the start" *}}'
    expanded = expand(PROJECT, directive, PAGE)
    assert expanded.startswith('=== "Outer"\n\n    ===! "SQLite"\n')
    assert [(indent, label) for indent, label, _ in tabs(expanded.partition("\n\n")[2])] == [
        ("    ", "SQLite"),
        ("    ", "PostgreSQL"),
    ]


def test_a_highlight_is_required_on_sqlite_and_marked_on_postgresql_where_it_occurs() -> None:
    directive = (
        f'{{* {RECORD} from="Spider-Boy: id=3" to="at the start" hl="= hero.team_id" hl="(2,)" *}}'
    )
    [(_, _, sqlite), (_, _, postgresql)] = tabs(expand(PROJECT, directive, PAGE))
    assert marked(sqlite) == ["WHERE ? = hero.team_id", "[generated in ...s] (2,)"]
    assert marked(postgresql) == ["WHERE %(param_1)s::INTEGER = hero.team_id"]


def test_a_marker_missing_from_the_postgresql_record_names_that_record() -> None:
    with pytest.raises(IncludeError) as raised:
        expand(PROJECT, f'{{* {RECORD} from="WHERE ? = hero.team_id" *}}', PAGE)
    assert str(raised.value) == f"{PAGE}:1: {TWIN}: no line containing 'WHERE ? = hero.team_id'"


def test_a_postgresql_record_included_itself_is_one_block_with_its_command() -> None:
    expanded = expand(PROJECT, f'{{* {TWIN} from="at the start" to="before commit" *}}', PAGE)
    assert tabs(expanded) == []
    assert console(ElementTree.fromstring(expanded)) == f"{ON_POSTGRESQL} # lines 64-65 of 79"


def test_a_project_on_sqlite_alone_has_no_tabs() -> None:
    sqlite_only = dataclasses.replace(PROJECT, databases=("sqlite",))
    expanded = expand(
        sqlite_only, f'{{* {RECORD} from="Spider-Boy: id=3" to="at the start" *}}', PAGE
    )
    assert tabs(expanded) == []


def test_the_tabs_are_a_set_of_their_own_between_the_pages_tabs() -> None:
    page_tab = '=== "The page\'s own tab"\n\n    Text.\n'
    directive = f'{{* {RECORD} from="Spider-Boy: id=3" to="at the start" *}}\n'
    html = markdown.markdown(
        f"{page_tab}\n{directive}\n{page_tab}",
        extensions=["tutorial_recorder.site.extension", "pymdownx.tabbed"],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )
    sets = re.findall(r'<div class="tabbed-set[^"]*"', html)
    labels = re.findall(r"<label [^>]*>([^<]*)</label>", html)
    assert len(sets) == 3
    assert labels == ["The page's own tab", "SQLite", "PostgreSQL", "MariaDB", "The page's own tab"]


def test_the_run_block_gives_the_command_on_postgresql_too() -> None:
    lines = expand(PROJECT, f"{{* run {MODULE} *}}", PAGE).split("\n")
    assert [line.strip() for line in lines if line.strip().startswith("$ ")][:2] == [
        "$ ./scripts/uv run companion run relationship_attributes/back_populates/1",
        "$ ./scripts/uv run companion run relationship_attributes/back_populates/1 --on postgresql",
    ]
    assert "    With `--on postgresql` it runs on a PostgreSQL server started for the command" in (
        lines
    )
