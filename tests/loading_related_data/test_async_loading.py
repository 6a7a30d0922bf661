"""Claims of the async loading page (curriculum D.8), asserted on the recorded runs."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata

import pytest

from tests.layout import DOCS_SRC, ROOT
from tutorial_recorder.testing import Database, Sent

from ..conftest import Run
from .statements import kinds

GROUP = DOCS_SRC / "loading_related_data"
LAZY = GROUP / "async_loading" / "tutorial001.py"
SELECTIN = GROUP / "async_loading" / "tutorial002.py"
AWAITED = GROUP / "async_loading" / "tutorial003.py"
EXPIRE_ON_COMMIT = GROUP / "async_loading" / "tutorial004.py"
SYNC_LAZY = GROUP / "lazy_loading" / "tutorial002.py"

LISTING, LISTED = "Listing the heroes:", "Listed 4 heroes."


def test_a_lazy_load_under_async_session_is_refused_with_missing_greenlet(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(LAZY).reading
    refused = reading.printed_after("Deadpond")
    assert refused[0] == (
        "  team: refused: (sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been "
        "called; can't call await_() here. Was IO attempted in an unexpected place?"
    )
    assert refused[1:4] == ["[SQL: SELECT team.id, team.name, team.headquarters", "FROM team",
                            "WHERE team.id = ?]"]  # fmt: skip
    assert refused[4] == "[parameters: [{'pk_1': 2}]]"
    assert not any(line.startswith("Listed") for line in reading.printed)
    assert reading.error is None


@pytest.mark.on_both
def test_the_refused_lazy_load_never_reaches_the_database(tutorial_run: Run) -> None:
    sent = tutorial_run(LAZY).reading.sent(after="Deadpond")
    assert [s.statement for s in sent] == ["ROLLBACK"]


def test_selectinload_loads_the_teams_in_one_more_select(tutorial_run: Run) -> None:
    reading = tutorial_run(SELECTIN).reading
    sent = reading.sent(after=LISTING, before=LISTED)
    assert kinds([s.statement for s in sent]) == ["BEGIN", "SELECT", "SELECT"]
    assert sent[-1] == Sent(
        "SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id IN (?, ?)",
        (2, 3),
    )


@pytest.mark.on_both
def test_both_fixes_print_what_the_sync_listing_prints(tutorial_run: Run) -> None:
    sync = tutorial_run(SYNC_LAZY).reading.printed_after(LISTING)
    assert tutorial_run(SELECTIN).reading.printed_after(LISTING) == sync
    assert tutorial_run(AWAITED).reading.printed_after(LISTING) == sync


@pytest.mark.on_both
def test_awaitable_attrs_sends_what_the_sync_lazy_listing_sends(
    tutorial_run: Run, tutorial_database: Database
) -> None:
    awaited = tutorial_run(AWAITED).reading.sent(after=LISTING, before=LISTED)
    sync = tutorial_run(SYNC_LAZY).reading.sent(after=LISTING, before=LISTED)
    if tutorial_database.name == "mariadb":  # aiomysql's dialect: `%s`, values in order
        sync = [Sent(re.sub(r"%\(\w+\)s", "%s", s.statement), _values(s)) for s in sync]
    assert awaited == sync
    assert kinds([s.statement for s in awaited]) == ["BEGIN", "SELECT", "SELECT", "SELECT"]


REFRESH_REFUSED = (
    "  refused: (sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been called; "
    "can't call await_() here. Was IO attempted in an unexpected place?"
)


@pytest.mark.on_both
def test_an_expired_object_read_after_an_async_commit_is_refused(tutorial_run: Run) -> None:
    reading = tutorial_run(EXPIRE_ON_COMMIT).reading
    after = reading.printed_after("Committed Black Lion with expire_on_commit=True")
    assert after[:2] == [REFRESH_REFUSED, "Committed Princess Sure-E with expire_on_commit=False"]
    assert reading.statements_between("Committed Black Lion", "  refused:") == ["BEGIN (implicit)"]


@pytest.mark.on_both
def test_with_expire_on_commit_false_the_values_are_read_without_sql(tutorial_run: Run) -> None:
    reading = tutorial_run(EXPIRE_ON_COMMIT).reading
    assert reading.printed_after("Committed Princess Sure-E with expire_on_commit=False") == [
        "  id: 6 name: Princess Sure-E"
    ]
    assert reading.sent(after="Committed Princess Sure-E") == []
    assert reading.error is None


def test_sqlalchemy_installs_greenlet_only_with_its_asyncio_extra() -> None:
    wanted = [r for r in metadata.requires("sqlalchemy") or [] if r.startswith("greenlet")]
    assert [r.partition(";")[2].strip() for r in wanted] == ['extra == "asyncio"']
    assert 'SQLAlchemy[asyncio]; extra == "asyncio"' in (metadata.requires("sqlmodel") or [])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "greenlet>=3.1.1" in project["project"]["dependencies"]


WITHOUT_GREENLET = """
import asyncio, sys
sys.modules["greenlet"] = None
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

async def main():
    async with create_async_engine("sqlite+aiosqlite://").connect() as connection:
        await connection.execute(text("SELECT 1"))

asyncio.run(main())
"""


def test_without_greenlet_the_first_connection_fails_naming_the_extra() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", WITHOUT_GREENLET], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[-1] == (
        "ImportError: The SQLAlchemy asyncio module requires that the Python 'greenlet' "
        "library is installed.  In order to ensure this dependency is available, use the "
        "'sqlalchemy[asyncio]' install target:  'pip install sqlalchemy[asyncio]'"
    )


def _values(sent: Sent) -> object:
    given = sent.parameters
    return tuple(given.values()) if isinstance(given, dict) else given
