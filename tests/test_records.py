"""Every tutorial module against its records: the one source for the tests and the pages.

Each module has three records: its transcript (``.txt``), its database at the end of the
run (``.db.sql``) and the diagram of its models (``.er.mmd``), and three more of its run on
PostgreSQL (under ``tests/records/postgresql/``). inline-snapshot owns them:
``--inline-snapshot=create`` writes missing ones and ``--inline-snapshot=fix`` rewrites
stale ones. Without those flags a record is only read, and a difference fails the test with
a diff and the command that accepts it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inline_snapshot import external_file

from companion.project import paths
from companion.records import messages

from .conftest import Run

MODULES = paths.modules()
UPDATING = {"create", "fix", "review"}


@pytest.mark.on_both
@pytest.mark.parametrize("kind", paths.KINDS)
@pytest.mark.parametrize("module", MODULES, ids=paths.step_id)
def test_run_matches_record(
    module: Path, kind: str, run: Run, on: str, request: pytest.FixtureRequest
) -> None:
    transcript = run(module)
    fresh = transcript.recorded(kind)
    record = paths.record_for(module, kind, on)
    if record.is_file() and record.read_text(encoding="utf-8") == fresh:
        return
    # Let inline-snapshot see the new value: it writes it under create/fix, reports it otherwise.
    _ = fresh == external_file(record, format=".txt")
    flags = set((request.config.option.inline_snapshot or "").split(","))
    if flags & UPDATING:
        return
    if not record.is_file():
        pytest.fail(messages.missing(record), pytrace=False)
    pytest.fail(messages.stale(record, fresh, transcript), pytrace=False)


def test_every_module_has_its_records() -> None:
    wanted = [record for m in MODULES for record in paths.every_record_of(m)]
    missing = [messages.missing(record) for record in wanted if not record.exists()]
    assert not missing, "\n\n".join(missing)


def test_every_record_belongs_to_a_module() -> None:
    expected = {record for m in MODULES for record in paths.every_record_of(m)}
    orphans = [messages.orphan(r) for r in paths.records() if r not in expected]
    assert not orphans, "\n\n".join(orphans)


def test_there_are_modules_to_check() -> None:
    assert MODULES, "no tutorial modules found under docs_src/"
