"""The recorder: echo capture, a clean SQLModel for each run, model reprs that read the same
in every process, and its messages about records. How it answers bad modules, and that it
writes nothing, is tested in ``test_reliability.py``."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlmodel import SQLModel

from tests.layout import DOCS_SRC, PROJECT, ROOT, SQLITE
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project.paths import STATE, TRANSCRIPT
from tutorial_recorder.records import messages
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.transcript import Printed, Transcript
from tutorial_recorder.runner.recorder import record

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

    first, second = record(PROJECT, PRINTS_A_MODEL), record(PROJECT, PRINTS_A_MODEL)

    assert "CREATE TABLE hero" in first.text
    assert first.text == second.text
    assert "CREATE TABLE" not in elsewhere.getvalue()


def test_each_run_starts_with_an_empty_sqlmodel() -> None:
    several = CHAPTER / "tutorial003.py"
    before = record(PROJECT, several).text
    record(PROJECT, PRINTS_A_MODEL)
    assert record(PROJECT, several).text == before
    assert SQLModel.metadata.tables == {}


SEEDS = ("0", "1", "2")


@pytest.mark.cold_run(PRINTS_A_MODEL, *SEEDS)
def test_model_reprs_read_the_same_in_every_process(tutorial_ahead: Ahead) -> None:
    """SQLModel prints fields in load order, which differs between processes: three new
    interpreters, each with its own hash seed."""
    transcript = record(PROJECT, PRINTS_A_MODEL)
    line = "Spider-Boy: id=3 name='Spider-Boy' secret_name='Pedro Parqueador' age=None team_id=2"
    assert line in transcript.reading.printed
    for seed in SEEDS:
        real = tutorial_ahead.cold_run(PRINTS_A_MODEL, hash_seed=seed)
        assert normalise(real.output, transcript.field_orders, ROOT) == transcript.text


def test_a_stale_record_says_which_and_how_to_accept() -> None:
    changed = Transcript((Printed("something else\n"),))
    message = messages.stale(
        PROJECT, SQLITE.record_for(PROJECT, PRINTS_A_MODEL, TRANSCRIPT), changed.text, changed
    )
    assert message.startswith(
        "The run of docs_src/relationship_attributes/back_populates/tutorial001.py differs "
        "from its record "
        "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.txt."
    )
    assert "uv run pytest --inline-snapshot=fix" in message
    assert "\n+something else\n" in message


def test_a_missing_record_says_how_to_create_it() -> None:
    message = messages.missing(
        PROJECT, SQLITE.record_for(PROJECT, CHAPTER / "tutorial999.py", STATE)
    )
    assert message == (
        "docs_src/relationship_attributes/back_populates/tutorial999.py has no record at "
        "tests/records/sqlite/relationship_attributes/back_populates/tutorial999.db.sql.\n"
        "Record it with `uv run pytest --inline-snapshot=create`, read the new file, and commit it."
    )


def test_fixtures_are_not_tutorial_steps() -> None:
    assert not FIXTURES.is_relative_to(DOCS_SRC)
    assert ROOT in FIXTURES.parents
