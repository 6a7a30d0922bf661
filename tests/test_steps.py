"""Step ids, titles and look-ups, and a recorded run on a database file (``run --db``)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from companion.project import paths, steps
from companion.records import database
from companion.runner.recorder import record

BACK_POPULATES = paths.DOCS_SRC / "relationship_attributes" / "back_populates" / "tutorial001.py"


def test_every_module_is_one_step_with_a_short_unique_id() -> None:
    every = steps.steps()
    assert [step.module for step in every] == paths.modules()
    ids = [step.id for step in every]
    assert len(set(ids)) == len(ids)
    for step in every:
        assert re.fullmatch(r"[a-z_]+/[1-9]\d*", step.id), step.id
        assert step.id == f"{step.chapter}/{step.number}"
        assert step.module == paths.DOCS_SRC / step.group / step.chapter / step.module.name
        assert step.title, f"{step.path} has no docstring to take a title from"


def test_an_id_names_the_chapter_folder_and_the_number_without_zeros() -> None:
    step = steps.find("back_populates/1")
    assert step.module == BACK_POPULATES
    assert step.path == "docs_src/relationship_attributes/back_populates/tutorial001.py"
    assert step.title == (
        "back_populates, step 1: two relationships that do not know about each other."
    )
    assert step.page == paths.DOCS / "relationship_attributes" / "back_populates.md"


@pytest.mark.parametrize(
    "name",
    [
        "back_populates/1",
        "back_populates/001",
        "back_populates/tutorial001",
        "relationship_attributes/back_populates/1",
        "relationship_attributes/back_populates/tutorial001",
        "docs_src/relationship_attributes/back_populates/tutorial001.py",
        str(BACK_POPULATES),
        " back_populates/1/ ",
    ],
)
def test_a_step_is_found_by_any_of_its_names(name: str) -> None:
    assert steps.find(name).module == BACK_POPULATES


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("back_populate/1", ["back_populates/1", "back_populates/2", "back_populates/3"]),
        ("back_populates/9", ["back_populates/1", "back_populates/2", "back_populates/3"]),
        ("cascade/2", ["cascade_delete_relationships/2"]),
        ("back_populates", ["back_populates/1"]),
    ],
)
def test_an_unknown_name_suggests_the_closest_ids(name: str, closest: list[str]) -> None:
    with pytest.raises(steps.UnknownStep) as unknown:
        steps.find(name)
    assert unknown.value.suggestions[: len(closest)] == closest
    assert len(unknown.value.suggestions) <= steps.SUGGESTIONS
    assert str(unknown.value).startswith(f"There is no step {name!r}. Did you mean ")


def test_an_unknown_name_like_no_id_suggests_nothing() -> None:
    with pytest.raises(steps.UnknownStep) as unknown:
        steps.find("dragons/7")
    assert unknown.value.suggestions == []
    assert str(unknown.value) == "There is no step 'dragons/7'."


def test_chapters_of_the_same_name_in_two_groups_get_the_group_in_their_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = []
    for group in ("first", "second"):
        module = tmp_path / group / "teams" / "tutorial002.py"
        module.parent.mkdir(parents=True)
        module.write_text(f'"""Teams of the {group} group.\n\nMore."""\n', encoding="utf-8")
        modules.append(module)
    alone = tmp_path / "first" / "heroes" / "tutorial001.py"
    alone.parent.mkdir()
    alone.write_text("print('no docstring')\n", encoding="utf-8")
    monkeypatch.setattr(paths, "DOCS_SRC", tmp_path)

    found = steps.steps([*modules, alone])

    assert [step.id for step in found] == ["first/teams/2", "second/teams/2", "heroes/1"]
    assert [step.title for step in found] == [
        "Teams of the first group.",
        "Teams of the second group.",
        "",
    ]
    assert steps.find("second/teams/2", found).module == modules[1]
    with pytest.raises(steps.UnknownStep):
        steps.find("teams/2", found)


def test_a_run_on_a_database_file_writes_the_file_and_reads_as_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    in_memory = record(BACK_POPULATES)

    on_file = record(BACK_POPULATES, db=Path("heroes.db"))

    assert sorted(p.name for p in tmp_path.iterdir()) == ["heroes.db"]
    assert on_file.text == in_memory.text
    assert on_file.state == in_memory.state
    with closing(sqlite3.connect(tmp_path / "heroes.db")) as connection:
        assert database.dump(connection) == in_memory.state
        heroes = connection.execute("SELECT name FROM hero ORDER BY id").fetchall()
    assert heroes == [("Deadpond",), ("Rusty-Man",), ("Spider-Boy",)]
