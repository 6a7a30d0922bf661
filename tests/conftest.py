from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion.paths import ROOT
from companion.recorder import record
from companion.transcript import Transcript

Run = Callable[[Path], Transcript]

_SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}


@pytest.fixture(scope="session")
def run() -> Run:
    """Record each module once per test process; the record test and the claims share it."""
    return functools.cache(record)


def _tree() -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if _SKIPPED.intersection(relative.parts) or not path.is_file():
            continue
        stat = path.stat()
        found[relative.as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def working_tree_untouched() -> Iterator[None]:
    """No test may create, change or delete a file of the project."""
    before = _tree()
    yield
    after = _tree()
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert not changed, f"the test run changed files in the working tree: {changed}"
