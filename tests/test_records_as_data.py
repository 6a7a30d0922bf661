"""Records are data: none is read or written through a symbolic link, and a state record
loads under the authorizer from its first statement.

A record that is a symbolic link, or one in a records folder that is one, would otherwise
let ``companion diff`` print a file outside the project and ``--inline-snapshot=fix``
overwrite one; a ``.db.sql`` record (a step can write any schema, and a record can be
edited) would otherwise attach a file while it loads. Each test states the exact outcome.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutorial_recorder.cli.app import app
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records import database, files

SECRET = "a file outside the project, never to be shown or replaced\n"
MODULE = "docs_src/chapter/part/tutorial001.py"
SETTINGS = """\
[tool.tutorial-recorder]

[tool.pytest.ini_options]
addopts = ["-p", "no:randomly", "-p", "no:cacheprovider", "-q"]
"""


def _project(tmp_path: Path) -> tuple[Project, Path, Path]:
    """A project of one step; its transcript record's path, and a file outside it."""
    folder = tmp_path / "project"
    (folder / MODULE).parent.mkdir(parents=True)
    (folder / MODULE).write_text('print("hello")\n')
    (folder / "pyproject.toml").write_text(SETTINGS)
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET)
    project = config.load(folder)
    return project, project.record_for(folder / MODULE, ".txt", "sqlite"), outside


def _linked(tmp_path: Path, where: str) -> tuple[Project, Path, Path, str]:
    """The project, its record reached through a link made at ``where`` (the record itself,
    or its chapter's folder), the file the link leads to, and the message naming the link."""
    project, record, outside = _project(tmp_path)
    name = "tests/records/sqlite/chapter/part/tutorial001.txt"
    if where == "record":
        record.parent.mkdir(parents=True)
        record.symlink_to(outside)
        return (
            project,
            record,
            outside,
            (f"{name} is a symbolic link; a record is a file, never read or written through one."),
        )
    (outside.parent / "part").mkdir()
    (outside.parent / "part" / record.name).write_text(SECRET)
    record.parent.parent.parent.mkdir(parents=True)
    record.parent.parent.symlink_to(outside.parent, target_is_directory=True)
    return (
        project,
        record,
        outside.parent / "part" / record.name,
        (
            f"{name} is in tests/records/sqlite/chapter, a symbolic link; a record is a file in "
            "the records folder, never read or written through a link."
        ),
    )


WHERE = ["record", "folder"]


@pytest.mark.parametrize("where", WHERE)
def test_a_linked_record_is_named_never_read_nor_written(tmp_path: Path, where: str) -> None:
    project, record, target, message = _linked(tmp_path, where)
    assert files.read(record) is None
    assert (
        files.defect(project, record) == f"{message} Remove the link, then record the step again."
    )
    with pytest.raises(files.Refused) as refused:
        files.write(record, b"new bytes\n")
    assert str(refused.value).startswith(f"{record} is ")
    assert target.read_text() == SECRET
    assert not list(target.parent.glob(".*.partial"))


@pytest.mark.parametrize("where", WHERE)
def test_companion_diff_names_a_linked_record_and_shows_nothing_of_it(
    tmp_path: Path, where: str
) -> None:
    project, _, target, message = _linked(tmp_path, where)
    result = CliRunner().invoke(
        app,
        ["--project", str(project.root), "diff", "part/1"],
        env={"COLUMNS": "300", "NO_COLOR": "1"},
    )
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.output.split())
    assert "never to be shown" not in result.output
    assert target.read_text() == SECRET


@pytest.mark.parametrize("where", WHERE)
def test_inline_snapshot_fix_refuses_a_linked_record(tmp_path: Path, where: str) -> None:
    project, record, target, _ = _linked(tmp_path, where)
    skip = ("PYTEST_", "PYTHONHASH")
    env = {key: value for key, value in os.environ.items() if not key.startswith(skip)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "pyproject.toml::records", "--inline-snapshot=fix"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"Refused: {record} is " in output
    assert "never to be shown" not in output
    assert target.read_text() == SECRET
    assert record.is_symlink() or record.parent.parent.is_symlink()


ATTACHES = {
    "ATTACH": "ATTACH '{file}' AS other; CREATE TABLE other.stolen (x);",
    "VACUUM INTO": "CREATE TABLE t (x); VACUUM INTO '{file}';",
}
NOT_AUTHORIZED = {"ATTACH": "not authorized", "VACUUM INTO": "authorization denied"}


@pytest.mark.parametrize("statement", ATTACHES)
def test_a_state_record_that_touches_a_file_is_refused_as_it_loads(
    tmp_path: Path, statement: str
) -> None:
    file = tmp_path / "written.db"
    state = "CREATE TABLE hero (id INTEGER);\n" + ATTACHES[statement].format(file=file)
    expected = f"{NOT_AUTHORIZED[statement]}: {database.REFUSED}"
    with pytest.raises(sqlite3.DatabaseError) as refused:
        database.load(state)
    assert str(refused.value) == expected
    with pytest.raises(sqlite3.DatabaseError) as shown:  # as a page's table= directive
        database.table(state, "hero")
    assert str(shown.value) == expected
    assert not file.exists()


def test_an_ordinary_state_record_loads_as_before() -> None:
    state = "BEGIN TRANSACTION;\nCREATE TABLE hero (id INTEGER, name TEXT);\n"
    state += "INSERT INTO hero VALUES(1,'Deadpond');\nCOMMIT;\n"
    assert database.table(state, "hero").rows == [(1, "Deadpond")]
