"""The generated query-count table: sections found by their markers, statements counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.records.reading import Reading
from tutorial_recorder.site import counts
from tutorial_recorder.site.includes import IncludeError, expand

ECHO = "INFO sqlalchemy.engine.Engine"
RECORD = f"""{ECHO} BEGIN (implicit)
Listing the teams:
{ECHO} SELECT team.id
FROM team
{ECHO} [generated in ...s] ()
{ECHO} SELECT hero.id
FROM hero
WHERE ? = hero.team_id
{ECHO} [generated in ...s] (1,)
Listed 1 team.
{ECHO} ROLLBACK
{ECHO} INSERT INTO team (name) VALUES (?)
{ECHO} [generated in ...s] ('Z-Force',)
{ECHO} COMMIT
Listing the teams again:
{ECHO} BEGIN (implicit)
{ECHO} SELECT team.id
FROM team
{ECHO} [cached since ...s ago] ()
Listed 2 teams.
"""


def _record(folder: Path, text: str = RECORD) -> Path:
    path = folder / "tutorial001.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_section_counts_its_statements_without_the_transaction_bookkeeping() -> None:
    found = counts.sections(Reading.parse(RECORD), "Listing", "Listed", "a record")
    assert found == [("Listing the teams:", 2), ("Listing the teams again:", 1)]


def test_the_table_has_one_row_per_section_of_each_record(tmp_path: Path) -> None:
    record = _record(tmp_path)
    assert counts.table(PROJECT, [record, record], "Listing", "Listed") == [
        "| Step | Section | Statements sent |",
        "| --- | --- | --: |",
        f"| `{record}` | Listing the teams: | 2 |",
        f"| `{record}` | Listing the teams again: | 1 |",
        f"| `{record}` | Listing the teams: | 2 |",
        f"| `{record}` | Listing the teams again: | 1 |",
    ]


def test_a_recorded_step_is_named_by_its_short_id_through_the_directive() -> None:
    lazy = "tests/records/sqlite/loading_related_data/lazy_loading/tutorial001.txt"
    eager = "tests/records/sqlite/loading_related_data/eager_loading/tutorial001.txt"
    page = f'Intro\n\n{{* counts from="Listing the" to="Listed" {lazy} {eager} *}}\n'
    assert expand(PROJECT, page, "docs/fixture.md") == (
        "Intro\n\n"
        "| Step | Section | Statements sent |\n"
        "| --- | --- | --: |\n"
        "| `loading_related_data/\u200blazy_loading/\u200b1` | Listing the teams: | 4 |\n"
        "| `loading_related_data/\u200blazy_loading/\u200b1` | Listing the teams again: | 6 |\n"
        "| `loading_related_data/\u200beager_loading/\u200b1` | Listing the teams: | 2 |\n"
        "| `loading_related_data/\u200beager_loading/\u200b1` | Listing the teams again: | 2 |\n"
    )


def test_a_bar_in_a_section_title_is_escaped(tmp_path: Path) -> None:
    record = _record(tmp_path, "Listing | all\nListed\n")
    assert (
        counts.table(PROJECT, [record], "Listing", "Listed")[2]
        == f"| `{record}` | Listing \\| all | 0 |"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("nothing listed here\n", "no printed line starts with 'Listing'"),
        (
            "Listing the teams:\n",
            "the section 'Listing the teams:' has no line starting with 'Listed'",
        ),
    ],
)
def test_a_record_without_a_whole_section_is_refused(
    tmp_path: Path, text: str, problem: str
) -> None:
    record = _record(tmp_path, text)
    with pytest.raises(counts.CountsError) as refused:
        counts.table(PROJECT, [record], "Listing", "Listed")
    assert str(refused.value) == f"{record}: {problem}"


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        (
            '{* counts from="Listing" to="Listed" tests/records/sqlite/nowhere.txt *}',
            "tests/records/sqlite/nowhere.txt: no such record",
        ),
        (
            '{* counts from="Listing" tests/records/sqlite/nowhere.txt *}',
            'counts needs from="TEXT", to="TEXT" and at least one record',
        ),
        (
            '{* counts from="Listing" to="Listed" *}',
            'counts needs from="TEXT", to="TEXT" and at least one record',
        ),
    ],
)
def test_a_broken_counts_directive_names_page_and_line(directive: str, problem: str) -> None:
    with pytest.raises(IncludeError) as refused:
        expand(PROJECT, f"# Page\n\n{directive}\n", "docs/fixture.md")
    assert str(refused.value) == f"docs/fixture.md:3: {problem}"
