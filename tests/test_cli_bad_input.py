"""Bad input to the command line: what `run --db FILE` refuses to write or delete, with one
clear line, and a reader that goes away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutorial_recorder.cli.app import app

NOT_SQLITE = {
    "a text file": lambda path: path.write_text("a learner's notes\n"),
    "a link to a database": lambda path: path.symlink_to(path.with_name("elsewhere.db")),
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["run", "back_populates/1", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stderr


@pytest.mark.parametrize("kind", NOT_SQLITE)
def test_replace_deletes_only_a_sqlite_database(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "heroes.db"
    (tmp_path / "elsewhere.db").write_bytes(b"SQLite format 3\x00 kept, not followed")
    NOT_SQLITE[kind](target)
    before = sorted((p.name, p.is_dir(), p.is_symlink()) for p in tmp_path.iterdir())

    code, stderr = _run("--db", str(target), "--replace")

    assert code == 2
    assert stderr == (
        f"Error: --db {target}: --replace deletes only a SQLite database, and this is not one; "
        "it was left as it is.\n"
    )
    assert sorted((p.name, p.is_dir(), p.is_symlink()) for p in tmp_path.iterdir()) == before


def test_a_folder_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "heroes.db").mkdir()
    code, stderr = _run("--db", str(tmp_path / "heroes.db"), "--replace")
    assert code == 2
    assert "is a directory" in stderr
    assert (tmp_path / "heroes.db").is_dir()


def test_replace_leaves_a_device_as_it_is() -> None:
    code, stderr = _run("--db", os.devnull, "--replace")
    assert code == 2
    assert "--replace deletes only a SQLite database" in stderr
    assert Path(os.devnull).is_char_device()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_a_folder_that_cannot_be_written_is_one_clear_line() -> None:
    """``/proc`` refuses new files even to root, whom permission bits do not stop."""
    code, stderr = _run("--db", "/proc/heroes.db")
    assert code == 2
    assert stderr.startswith("Error: --db /proc/heroes.db: cannot write there (")
    assert stderr.count("\n") == 1
    assert not Path("/proc/heroes.db").exists()


def test_a_reader_that_went_away_is_no_error() -> None:
    """``companion run STEP | head -1`` once ``head`` has gone: every write finds the pipe
    closed. The command ends quietly, as click ends on a closed pipe (status 1)."""
    command = [sys.executable, "-c", "from tutorial_recorder.cli.app import app; app()"]
    read_end, write_end = os.pipe()
    os.close(read_end)
    writer = subprocess.Popen(
        [*command, "run", "back_populates/1"], stdout=write_end, stderr=subprocess.PIPE
    )
    os.close(write_end)
    _, stderr = writer.communicate(timeout=60)
    assert stderr == b""
    assert writer.returncode == 1
