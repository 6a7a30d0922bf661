"""The databases' home (``tutorial_recorder.databases``): the registry by name, where each one's
records go, and a database added from outside the package, used by the recorder as it is."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, POSTGRESQL, PROJECT, SQLITE
from tutorial_recorder.databases.base import Database, StepDatabase
from tutorial_recorder.databases.registry import KINDS, MAIN, UnknownDatabase, named, of
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import STATE, TRANSCRIPT
from tutorial_recorder.runner.recorder import record

STEP = DOCS_SRC / "connect_tables" / "create_connected_tables" / "tutorial001.py"


def test_each_database_is_found_by_its_name_and_is_that_one_object() -> None:
    assert named("sqlite") is SQLITE is MAIN
    assert named("postgresql") is POSTGRESQL
    assert [(d.name, d.label) for d in KINDS.values()] == [
        ("sqlite", "SQLite"),
        ("postgresql", "PostgreSQL"),
        ("mariadb", "MariaDB"),
    ]
    assert of(PROJECT) == (SQLITE, POSTGRESQL, named("mariadb"))


def test_an_unknown_name_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownDatabase) as unknown:
        named("oracle")
    assert (
        str(unknown.value) == "there is no database 'oracle' (known: sqlite, postgresql or mariadb)"
    )
    with pytest.raises(UnknownDatabase) as configured:
        of(dataclasses.replace(PROJECT, databases=("sqlite", "oracle")))
    assert str(configured.value) == (
        "pyproject.toml [tool.tutorial-recorder] databases: "
        "there is no database 'oracle' (known: sqlite, postgresql or mariadb)"
    )
    with pytest.raises(UnknownDatabase, match="the first must be 'sqlite', the main database"):
        of(dataclasses.replace(PROJECT, databases=("postgresql", "sqlite")))


def test_a_chapter_named_like_a_database_keeps_its_records_apart(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tutorial-recorder]\ndatabases = ["sqlite", "postgresql"]\n', encoding="utf-8"
    )
    module = tmp_path / "docs_src" / "postgresql" / "tutorial001.py"
    module.parent.mkdir(parents=True)
    module.write_text("print('a chapter called postgresql')\n", encoding="utf-8")
    project = config.load(tmp_path)

    on_sqlite = SQLITE.record_for(project, module, TRANSCRIPT)
    on_postgresql = POSTGRESQL.record_for(project, module, TRANSCRIPT)

    records = tmp_path / "tests" / "records"
    assert on_sqlite == records / "sqlite" / "postgresql" / "tutorial001.txt"
    assert on_postgresql == records / "postgresql" / "postgresql" / "tutorial001.txt"
    for path in (on_sqlite, on_postgresql, POSTGRESQL.record_for(project, module, STATE)):
        assert project.module_for(path) == module


class Canned(Database):
    """A database of a test's own: the step runs on the SQLite file of its temporary folder,
    and its final state is what ``dump`` returns."""

    name = "canned"
    label = "Canned"

    def __init__(self) -> None:
        self.steps = 0

    @contextmanager
    def step(self) -> Iterator[StepDatabase]:
        self.steps += 1
        yield StepDatabase(dump=lambda: "-- the canned state\n")


def test_a_database_added_outside_the_package_is_used_as_the_recorder_finds_it() -> None:
    canned = Canned()
    transcript = record(PROJECT, STEP, on=canned)
    assert canned.steps == 1
    assert transcript.state == "-- the canned state\n"
    assert transcript.text == record(PROJECT, STEP).text
    assert canned.record_for(PROJECT, STEP, TRANSCRIPT) == (
        PROJECT.records
        / "canned"
        / "connect_tables"
        / "create_connected_tables"
        / "tutorial001.txt"
    )


def test_databases_compare_by_name_and_label() -> None:
    assert Canned() == Canned()
    assert len({Canned(), Canned(), SQLITE}) == 2
    assert Canned() != SQLITE
    assert repr(SQLITE) == "<SQLite>"
