"""Other projects' include syntax: ``ln[...]`` and ``hl[...]`` by line number, a leading
``./`` on the path, and SQL fences in any case."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site import running
from tutorial_recorder.site.includes import IncludeError, expand

PAGE = "docs/fixture.md"
MODULE = "docs_src/tutorial/connect/tutorial001_py310.py"
TITLE = running.breakable(MODULE)
SOURCE = [
    "from sqlmodel import Field, SQLModel",  # 1
    "",  # 2
    "",  # 3
    "class Team(SQLModel, table=True):",  # 4
    "    id: int | None = Field(default=None, primary_key=True)",  # 5
    "    name: str",  # 6
    "",  # 7
    "",  # 8
    "def main() -> None:",  # 9
    '    print("hello")',  # 10
]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project in a temporary folder laid out like SQLModel's, one module of ten lines."""
    folder = tmp_path / "project"
    module = folder / MODULE
    module.parent.mkdir(parents=True)
    module.write_text("\n".join(SOURCE) + "\n")
    return dataclasses.replace(PROJECT, root=folder.resolve(), databases=("sqlite",))


def _block(lines: list[str], hl: str = "") -> str:
    highlights = f' hl_lines="{hl}"' if hl else ""
    return "\n".join([f'``` python title="{TITLE}"{highlights}', *lines, "```"])


@pytest.mark.parametrize("path", [MODULE, f"./{MODULE}"])
def test_ln_picks_the_lines_and_hl_names_them_by_their_number_in_the_file(
    project: Project, path: str
) -> None:
    markdown = f"{{* {path} ln[4:6,9:10] hl[5,9:10] *}}"
    assert expand(project, markdown, PAGE) == _block(
        [*SOURCE[3:6], "# ...", *SOURCE[8:10]], hl="2 5 6"
    )


def test_ranges_that_follow_each_other_have_no_gap_and_hl_may_repeat(
    project: Project,
) -> None:
    markdown = f'{{* {MODULE} ln[1,2:4] hl[1] hl[4] hl="import" *}}'
    assert expand(project, markdown, PAGE) == _block(SOURCE[0:4], hl="1 4")


def test_hl_alone_highlights_lines_of_the_whole_file(project: Project) -> None:
    assert expand(project, f"{{* {MODULE} hl[6] *}}", PAGE) == _block(SOURCE, hl="6")


def test_hl_within_a_definition_counts_lines_of_the_file(project: Project) -> None:
    markdown = f"{{* {MODULE} class=Team hl[5] *}}"
    assert expand(project, markdown, PAGE) == _block(SOURCE[3:6], hl="2")


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (
            "ln[1:11]",
            f"{MODULE}: ln[1:11] reaches line 11, past the end of the file (10 lines)",
        ),
        (
            "ln[4:6] hl[5,9]",
            f"{MODULE}: hl[5,9] names line 9, which is not among the lines shown",
        ),
        ("ln[1:5] hl[3]", f"{MODULE}: hl[3] names line 3, which is blank"),
        (
            "class=Team hl[1]",
            f"{MODULE}: hl[1] names line 1, which is not among the lines shown",
        ),
        (
            "ln[0]",
            f"{MODULE}: ln[0] is not increasing line numbers and ranges like 1:19,23 (from 1)",
        ),
        (
            "ln[5:4]",
            f"{MODULE}: ln[5:4] is not increasing line numbers and ranges like 1:19,23 (from 1)",
        ),
        (
            "ln[4,2]",
            f"{MODULE}: ln[4,2] is not increasing line numbers and ranges like 1:19,23 (from 1)",
        ),
        ("ln[1] ln[2]", f"{MODULE}: name one function or class, or one ln[], per directive"),
        ("def=main ln[9]", f"{MODULE}: name one function or class, or one ln[], per directive"),
        ("ln[]", "option 'ln[]' is not of the form key=value or key[value]"),
        ("to[3]", f"{MODULE}: unknown option 'to[]'; use ['hl[]', 'ln[]']"),
    ],
)
def test_a_wrong_line_number_names_page_and_line(
    project: Project, options: str, problem: str
) -> None:
    with pytest.raises(IncludeError) as error:
        expand(project, f"# Title\n\n{{* {MODULE} {options} *}}\n", PAGE)
    assert str(error.value) == f"{PAGE}:3: {problem}"


@pytest.mark.parametrize("word", ["SQL", "Sql", "sql"])
def test_a_sql_fence_in_any_case_runs(word: str) -> None:
    markdown = f'```{word} state="empty"\nSELECT 1 AS one\n```'
    assert (
        expand(PROJECT, markdown, PAGE) == "```sql\nSELECT 1 AS one\n```\n\n| one |\n| --- |\n| 1 |"
    )


def test_a_kind_without_line_numbers_refuses_them_with_its_own_options() -> None:
    record = "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.txt"
    with pytest.raises(IncludeError) as error:
        expand(PROJECT, f"{{* {record} ln[1:3] *}}", PAGE)
    assert (
        str(error.value) == f"{PAGE}:1: {record}: unknown option 'ln[]'; use ['from', 'hl', 'to']"
    )
