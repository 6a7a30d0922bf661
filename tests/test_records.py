"""Every tutorial module against its record: the one source for the tests and the pages.

inline-snapshot owns the records: ``--inline-snapshot=create`` writes missing ones and
``--inline-snapshot=fix`` rewrites stale ones. Without those flags a record is only read,
and a difference fails the test with a diff and the command that accepts it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inline_snapshot import external_file

from companion import paths, records

from .conftest import Run

MODULES = paths.modules()
UPDATING = {"create", "fix", "review"}


@pytest.mark.parametrize("module", MODULES, ids=paths.step_id)
def test_run_matches_record(module: Path, run: Run, request: pytest.FixtureRequest) -> None:
    transcript = run(module)
    record = paths.record_for(module)
    if record.is_file() and record.read_text(encoding="utf-8") == transcript.text:
        return
    # Let inline-snapshot see the new value: it writes it under create/fix, reports it otherwise.
    _ = transcript.text == external_file(record, format=".txt")
    flags = set((request.config.option.inline_snapshot or "").split(","))
    if flags & UPDATING:
        return
    if not record.is_file():
        pytest.fail(records.missing(module), pytrace=False)
    pytest.fail(records.stale(module, transcript), pytrace=False)


def test_every_module_has_a_record() -> None:
    missing = [records.missing(m) for m in MODULES if not paths.record_for(m).exists()]
    assert not missing, "\n\n".join(missing)


def test_every_record_has_a_module() -> None:
    orphans = [records.orphan(r) for r in paths.records() if not paths.module_for(r).exists()]
    assert not orphans, "\n\n".join(orphans)


def test_there_are_modules_to_check() -> None:
    assert MODULES, "no tutorial modules found under docs_src/"
