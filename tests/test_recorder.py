"""The recorder: isolation, determinism and its answers to bad modules."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlmodel import SQLModel

from companion import bare, paths, records
from companion.paths import DOCS_SRC, ROOT
from companion.reading import Error
from companion.recorder import StepError, record
from companion.transcript import Printed, Transcript

FIXTURES = Path(__file__).parent / "fixtures"
CHAPTER = DOCS_SRC / "relationship_attributes" / "back_populates"
PRINTS_A_MODEL = CHAPTER / "tutorial001.py"


@pytest.fixture
def engine_logger_restored() -> Iterator[None]:
    logger = logging.getLogger("sqlalchemy.engine.Engine")
    saved = logger.handlers[:]
    yield
    logger.handlers = saved


@pytest.mark.usefixtures("engine_logger_restored")
def test_echo_is_captured_even_after_an_engine_bound_another_stdout() -> None:
    # SQLAlchemy's default echo handler keeps the sys.stdout of the first echoing engine.
    with contextlib.redirect_stdout(io.StringIO()) as elsewhere:
        connection = sqlalchemy.create_engine("sqlite://", echo=True).connect()
        connection.exec_driver_sql("SELECT 1")
        connection.close()
    assert "INFO sqlalchemy.engine.Engine SELECT 1" in elsewhere.getvalue()

    first, second = record(PRINTS_A_MODEL), record(PRINTS_A_MODEL)

    assert "CREATE TABLE hero" in first.text
    assert first.text == second.text
    assert "CREATE TABLE" not in elsewhere.getvalue()


def test_each_run_starts_with_an_empty_sqlmodel() -> None:
    several = CHAPTER / "tutorial003.py"
    before = record(several).text
    record(PRINTS_A_MODEL)
    assert record(several).text == before
    assert SQLModel.metadata.tables == {}


def test_model_reprs_read_the_same_in_every_process() -> None:
    """SQLModel prints fields in load order, which differs between processes."""
    transcript = record(PRINTS_A_MODEL)
    line = "Spider-Boy: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' age=None team_id=2"
    assert line in transcript.reading.printed
    for seed in ("0", "1", "2", "3", "4"):
        real = bare.run(PRINTS_A_MODEL, transcript.field_orders, hash_seed=seed)
        assert real.text == transcript.text


def test_no_file_is_created_or_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = tmp_path / "chapter"
    chapter.mkdir()
    module = Path(shutil.copy(PRINTS_A_MODEL, chapter))
    learners_data = b"a learner's own database, not to be touched"
    for folder in (tmp_path, chapter):
        (folder / "database.db").write_bytes(learners_data)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    assert "CREATE TABLE hero" in record(module).text

    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    for folder in (tmp_path, chapter):
        assert (folder / "database.db").read_bytes() == learners_data


def test_an_uncaught_error_is_the_last_entry() -> None:
    transcript = record(FIXTURES / "raises.py")
    reading = transcript.reading
    assert reading.printed == ["before the error"]
    assert reading.statements == ["BEGIN (implicit)", "SELECT 42", "ROLLBACK"]
    assert reading.error == Error("ValueError", "the hero has no name")
    assert transcript.text.endswith(
        "Traceback (most recent call last):\n  ...\nValueError: the hero has no name\n"
    )


def test_an_unexpected_error_is_reported_with_the_transcript_and_the_traceback() -> None:
    report = records.error_report(record(FIXTURES / "raises.py"))
    assert "The module ended with ValueError." in report
    assert "Transcript so far:\nbefore the error\nINFO sqlalchemy.engine.Engine BEGIN" in report
    assert f'File "{FIXTURES / "raises.py"}", line 12, in main' in report
    assert 'raise ValueError("the hero has no name")' in report


def test_a_module_that_never_finishes_is_stopped_and_named() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(FIXTURES / "hangs.py", seconds=0.5)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == (
        "tests/fixtures/hangs.py did not finish within 0.5 s.\n\n"
        "Transcript so far:\nwaiting forever\n"
    )


def test_a_module_that_writes_files_is_named() -> None:
    with pytest.raises(
        StepError, match=r"^tests/fixtures/writes_a_file\.py wrote files .*notes\.txt$"
    ):
        record(FIXTURES / "writes_a_file.py")


def test_a_database_other_than_sqlite_is_refused_before_connecting() -> None:
    error = record(FIXTURES / "other_database.py").reading.error
    assert error is not None
    assert error.type == "companion.engine.EngineRefused"
    assert error.message.startswith("tutorial modules use SQLite; this one asked for")


def test_a_stale_record_says_which_and_how_to_accept() -> None:
    changed = Transcript((Printed("something else\n"),))
    message = records.stale(paths.record_for(PRINTS_A_MODEL), changed.text, changed)
    assert message.startswith(
        "The run of docs_src/relationship_attributes/back_populates/tutorial001.py differs "
        "from its record tests/records/relationship_attributes/back_populates/tutorial001.txt."
    )
    assert "uv run pytest --inline-snapshot=fix" in message
    assert "\n+something else\n" in message


def test_a_missing_record_says_how_to_create_it() -> None:
    message = records.missing(paths.record_for(CHAPTER / "tutorial999.py", paths.STATE))
    assert message == (
        "docs_src/relationship_attributes/back_populates/tutorial999.py has no record at "
        "tests/records/relationship_attributes/back_populates/tutorial999.db.sql.\n"
        "Record it with `uv run pytest --inline-snapshot=create`, read the new file, and commit it."
    )


def test_fixtures_are_not_tutorial_steps() -> None:
    assert not FIXTURES.is_relative_to(DOCS_SRC)
    assert ROOT in FIXTURES.parents
