"""Real runs compare every SQLite file a step leaves, whatever its name, and run in the
recordings' sandbox: a step on ``heroes.db`` passes its warm and cold real runs, a step that
leaves another file or several fails naming them, and a URL read from an environment
variable cannot write outside the step's folder (``python <module>`` and ``run --raw``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.layout import PROJECT, ROOT
from tutorial_recorder.cli.app import app
from tutorial_recorder.databases.sqlite import dump
from tutorial_recorder.plugin.collected import real_run_problem
from tutorial_recorder.runner import bare, sandbox
from tutorial_recorder.runner.leftovers import EMPTY
from tutorial_recorder.runner.recorder import plain, record

FIXTURES = Path(__file__).parent / "fixtures"
HEROES_DB = FIXTURES / "reach_heroes_db.py"
ENV_URL = FIXTURES / "reach_env_url.py"
TWO_DATABASES = FIXTURES / "reach_two_databases.py"
VARIABLE = "REACH_DATABASE_URL"
ONE_HERO = (
    "BEGIN TRANSACTION;\n"
    "CREATE TABLE hero (\n\tid INTEGER NOT NULL,\n\tname VARCHAR NOT NULL,\n"
    "\tPRIMARY KEY (id)\n);\n"
    "INSERT INTO \"hero\" VALUES(1,'{name}');\n"
    "COMMIT;\n"
)
KERNEL = sandbox.guarantee() == sandbox.CONFINED
needs_the_kernel = pytest.mark.skipif(not KERNEL, reason=sandbox.guarantee())


def test_a_step_on_heroes_db_passes_its_warm_real_run() -> None:
    transcript = record(PROJECT, HEROES_DB)
    real = plain(PROJECT, HEROES_DB)
    assert transcript.state == ONE_HERO.format(name="Deadpond")
    assert real.databases == (("heroes.db", ONE_HERO.format(name="Deadpond")),)
    assert real.state == transcript.state
    assert real_run_problem(PROJECT, HEROES_DB, "A real run", real, transcript) is None


def test_a_step_on_heroes_db_passes_its_cold_run() -> None:
    transcript = record(PROJECT, HEROES_DB)
    cold = bare.run(HEROES_DB, root=ROOT)
    assert cold.databases == (("heroes.db", ONE_HERO.format(name="Deadpond")),)
    assert real_run_problem(PROJECT, HEROES_DB, "python <module>", cold, transcript) is None


def test_a_run_that_leaves_another_database_fails_naming_its_file() -> None:
    recorded = record(PROJECT, HEROES_DB)
    other = replace(recorded, state=ONE_HERO.format(name="Rusty-Man"))
    real = plain(PROJECT, HEROES_DB)
    problem = real_run_problem(PROJECT, HEROES_DB, "A real run", real, other)
    assert problem is not None
    assert problem.startswith(
        "A real run of tests/fixtures/reach_heroes_db.py left heroes.db, another database than "
        "its recording:\n"
    )
    assert "-INSERT INTO \"hero\" VALUES(1,'Rusty-Man');" in problem
    assert "+INSERT INTO \"hero\" VALUES(1,'Deadpond');" in problem


def test_a_run_that_leaves_two_databases_fails_naming_both() -> None:
    transcript = record(PROJECT, HEROES_DB)
    real = plain(PROJECT, TWO_DATABASES)
    item = "BEGIN TRANSACTION;\nCREATE TABLE item (id INTEGER PRIMARY KEY);\nCOMMIT;\n"
    assert real.databases == (("heroes.db", item), ("teams.db", item))
    assert real.mismatch(transcript.state) == (
        "left 2 databases (heroes.db, teams.db) where its recording left one",
        item,
    )


def test_a_run_that_leaves_no_database_fails_saying_so() -> None:
    transcript = record(PROJECT, HEROES_DB)
    nothing = bare.BareRun(transcript.text, EMPTY, transcript.text)
    problem = real_run_problem(PROJECT, HEROES_DB, "A real run", nothing, transcript)
    assert problem is not None
    assert problem.startswith("A real run of tests/fixtures/reach_heroes_db.py left no database:\n")


def test_an_empty_database_counts_as_none() -> None:
    assert bare.BareRun("", EMPTY, "", (("empty.db", EMPTY),)).mismatch(EMPTY) is None


def test_a_url_from_the_environment_is_followed_inside_the_folder() -> None:
    environ = {**os.environ, VARIABLE: "sqlite:///elsewhere.db"}
    cold = bare.run(ENV_URL, root=ROOT, environ=environ)
    assert cold.databases == (("elsewhere.db", ONE_HERO.format(name="Rusty-Man")),)
    assert cold.text.endswith("Saved one hero\n")


@needs_the_kernel
def test_a_url_from_the_environment_cannot_write_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.db"
    environ = {**os.environ, VARIABLE: f"sqlite:///{outside}"}
    cold = bare.run(ENV_URL, root=ROOT, environ=environ)
    assert not outside.exists()
    assert cold.databases == ()
    assert cold.text.endswith(
        "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unable to open database "
        "file\n(Background on this error at: https://sqlalche.me/e/21/e3q8)\n"
    )
    assert sorted(tmp_path.iterdir()) == []


def _project(tmp_path: Path) -> Path:
    """A project of its own whose one chapter holds the fixture modules of this file."""
    chapter = tmp_path / "project" / "docs_src" / "reach"
    chapter.mkdir(parents=True)
    for module in (HEROES_DB, ENV_URL):
        shutil.copyfile(module, chapter / module.name)
    (tmp_path / "project" / "pyproject.toml").write_text(
        "[tool.tutorial-recorder]\nmodules = ['docs_src']\n", encoding="utf-8"
    )
    return tmp_path / "project"


def _raw(root: Path, step: str, *extra: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        ["--project", str(root), "run", step, "--raw", *extra],
        env={"COLUMNS": "200", "NO_COLOR": "1", **env},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_run_raw_keeps_a_heroes_db_at_the_file_asked_for(tmp_path: Path) -> None:
    root = _project(tmp_path)
    kept = tmp_path / "kept.db"
    code, out, err = _raw(root, "reach/reach_heroes_db", "--db", str(kept))
    assert code == 0
    assert out.endswith("Saved one hero\n")
    with closing(sqlite3.connect(kept)) as connection:
        assert dump(connection) == ONE_HERO.format(name="Deadpond")
    assert f"Database written to {kept}: hero (1 row)." in err


@needs_the_kernel
def test_run_raw_cannot_write_where_an_environment_variable_points(tmp_path: Path) -> None:
    root = _project(tmp_path)
    outside = tmp_path / "outside.db"
    code, out, _ = _raw(root, "reach/reach_env_url", **{VARIABLE: f"sqlite:///{outside}"})
    assert code == 0  # the step's own error is its output, as a terminal shows it
    assert not outside.exists()
    assert "(sqlite3.OperationalError) unable to open database file" in out
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project"]
