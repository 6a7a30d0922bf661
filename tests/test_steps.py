"""Step ids, titles and look-ups, and a recorded run on a database file (``run --db``)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.databases import sqlite
from tutorial_recorder.project import config, steps
from tutorial_recorder.project.paths import STATE, TRANSCRIPT, Project
from tutorial_recorder.runner.recorder import record

BACK_POPULATES = DOCS_SRC / "relationship_attributes" / "back_populates" / "tutorial001.py"
BP = "relationship_attributes/back_populates"


def test_every_module_is_one_step_with_a_unique_id_from_its_path() -> None:
    every = steps.steps(PROJECT)
    assert [step.module for step in every] == PROJECT.modules()
    ids = [step.id for step in every]
    assert len(set(ids)) == len(ids)
    for step in every:
        assert re.fullmatch(r"[a-z_]+/[a-z_]+/[1-9]\d*", step.id), step.id
        assert step.id == f"{step.folder}/{step.number}" == f"{step.folder}/{step.name}"
        assert step.module == DOCS_SRC / step.group / step.chapter / step.module.name
        assert step.title, f"{step.path} has no docstring to take a title from"


def test_an_id_names_the_chapter_folder_and_the_number_without_zeros() -> None:
    step = steps.find(PROJECT, "back_populates/1")
    assert step.module == BACK_POPULATES
    assert step.path == "docs_src/relationship_attributes/back_populates/tutorial001.py"
    assert step.title == (
        "back_populates, step 1: two relationships that do not know about each other."
    )
    assert step.page == PROJECT.docs / "relationship_attributes" / "back_populates.md"


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
    assert steps.find(PROJECT, name).module == BACK_POPULATES


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("back_populate/1", [f"{BP}/1", f"{BP}/2", f"{BP}/3"]),
        ("back_populates/9", [f"{BP}/1", f"{BP}/2", f"{BP}/3"]),
        ("cascade/2", ["relationship_attributes/cascade_delete_relationships/2"]),
        ("back_populates", [f"{BP}/1"]),
    ],
)
def test_an_unknown_name_suggests_the_closest_ids(name: str, closest: list[str]) -> None:
    with pytest.raises(steps.UnknownStep) as unknown:
        steps.find(PROJECT, name)
    assert unknown.value.suggestions[: len(closest)] == closest
    assert len(unknown.value.suggestions) <= steps.SUGGESTIONS
    assert str(unknown.value).startswith(f"There is no step {name!r}. Did you mean ")


def test_an_unknown_name_like_no_id_suggests_nothing() -> None:
    with pytest.raises(steps.UnknownStep) as unknown:
        steps.find(PROJECT, "dragons/7")
    assert unknown.value.suggestions == []
    assert str(unknown.value) == "There is no step 'dragons/7'."


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], Project]:
    """Make a project in ``tmp_path`` with the given ``[tool.tutorial-recorder]`` table."""

    def make(table: str) -> Project:
        (tmp_path / "pyproject.toml").write_text(
            f"[tool.tutorial-recorder]\n{table}", encoding="utf-8"
        )
        return config.load(tmp_path)

    return make


def _module(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_chapters_of_the_same_name_in_two_groups_get_the_group_in_their_ids(
    tmp_path: Path, make_project: Callable[[str], Project]
) -> None:
    for group in ("first", "second"):
        _module(
            tmp_path / "docs_src" / group / "teams" / "tutorial002.py",
            f'"""Teams of the {group} group.\n\nMore."""\n',
        )
    _module(
        tmp_path / "docs_src" / "first" / "heroes" / "tutorial001.py", "print('no docstring')\n"
    )
    made = make_project("")

    found = steps.steps(made)

    assert [step.id for step in found] == ["first/heroes/1", "first/teams/2", "second/teams/2"]
    assert [step.title for step in found] == [
        "tutorial001.py",
        "Teams of the first group.",
        "Teams of the second group.",
    ]
    assert steps.find(made, "second/teams/2").module == found[2].module
    with pytest.raises(steps.UnknownStep) as ambiguous:
        steps.find(made, "teams/2")
    assert ambiguous.value.suggestions == ["first/teams/2", "second/teams/2"]


def test_ids_come_from_the_configured_tree_whatever_the_modules_are_called(
    tmp_path: Path, make_project: Callable[[str], Project]
) -> None:
    examples = tmp_path / "examples"
    _module(examples / "joins" / "step001_py310.py", '"""Joins for Python 3.10."""\n')
    _module(examples / "joins" / "step002.py")
    _module(examples / "joins" / "helpers.py", "raise SystemExit('only imported')\n")
    _module(examples / "joins" / "notes.py", "not python at all (\n")
    _module(examples / "package" / "__init__.py")
    _module(examples / "package" / "models.py")
    _module(examples / "package" / "step_create_heroes.py")
    _module(examples / "twice" / "step1.py")
    _module(examples / "twice" / "step01.py", "def broken(:\n")
    _module(examples / "step9.py")
    _module(examples / ".hidden" / "step1.py")
    made = make_project(
        'modules = ["examples"]\npattern = "step*.py"\nimported = ["helpers.py", "models.py"]\n'
    )

    found = steps.steps(made)

    assert [(step.id, step.path) for step in found] == [
        ("joins/1_py310", "examples/joins/step001_py310.py"),
        ("joins/2", "examples/joins/step002.py"),
        ("package/step_create_heroes", "examples/package/step_create_heroes.py"),
        ("examples/9", "examples/step9.py"),
        ("twice/step01", "examples/twice/step01.py"),
        ("twice/step1", "examples/twice/step1.py"),
    ]
    assert [step.title for step in found] == [
        "Joins for Python 3.10.",
        "step002.py",
        "step_create_heroes.py",
        "step9.py",
        "step01.py",
        "step1.py",
    ]
    assert steps.find(made, "joins/step001_py310").id == "joins/1_py310"
    assert steps.find(made, "examples/joins/step002.py").id == "joins/2"
    assert (
        made.record_for(found[0].module, TRANSCRIPT, "sqlite")
        == tmp_path / "tests/records/sqlite/joins/step001_py310.txt"
    )
    assert (
        made.module_for(tmp_path / "tests/records/sqlite/joins/step001_py310.er.mmd")
        == found[0].module
    )
    assert made.page_for(found[0].module) == tmp_path / "docs" / "joins.md"


def test_with_several_modules_folders_records_keep_the_folder(
    tmp_path: Path, make_project: Callable[[str], Project]
) -> None:
    first = _module(tmp_path / "one" / "a" / "tutorial001.py")
    second = _module(tmp_path / "two" / "b" / "tutorial001.py")
    made = make_project('modules = ["one", "two"]\nrecords = "recorded"\n')

    assert made.modules() == [first, second]
    assert [step.id for step in steps.steps(made)] == ["one/a/1", "two/b/1"]
    assert (
        made.record_for(second, STATE, "sqlite")
        == tmp_path / "recorded/sqlite/two/b/tutorial001.db.sql"
    )
    assert made.module_for(tmp_path / "recorded/sqlite/two/b/tutorial001.txt") == second
    assert made.step_id(first) == "one/a/tutorial001"
    with pytest.raises(ValueError, match="is not in the project's modules folders"):
        made.record_for(tmp_path / "elsewhere.py", TRANSCRIPT, "sqlite")


def test_a_run_on_a_database_file_writes_the_file_and_reads_as_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    in_memory = record(PROJECT, BACK_POPULATES)

    on_file = record(PROJECT, BACK_POPULATES, db=Path("heroes.db"))

    assert sorted(p.name for p in tmp_path.iterdir()) == ["heroes.db"]
    assert on_file.text == in_memory.text
    assert on_file.state == in_memory.state
    with closing(sqlite3.connect(tmp_path / "heroes.db")) as connection:
        assert sqlite.dump(connection) == in_memory.state
        heroes = connection.execute("SELECT name FROM hero ORDER BY id").fetchall()
    assert heroes == [("Deadpond",), ("Rusty-Man",), ("Spider-Boy",)]
