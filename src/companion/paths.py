"""Where things live: the tutorial modules, their records and the docs pages.

A step is one module under ``docs_src/``; its record is the file with the same
relative path under ``tests/records/``, with ``.txt`` for ``.py``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DOCS_SRC = ROOT / "docs_src"
RECORDS = ROOT / "tests" / "records"


def modules() -> list[Path]:
    """Every tutorial step module, in a stable order."""
    return sorted(p for p in DOCS_SRC.rglob("*.py") if p.name != "__init__.py")


def records() -> list[Path]:
    """Every record file, in a stable order."""
    return sorted(RECORDS.rglob("*.txt"))


def record_for(module: Path) -> Path:
    """The record that holds ``module``'s transcript."""
    return RECORDS / module.resolve().relative_to(DOCS_SRC).with_suffix(".txt")


def module_for(record: Path) -> Path:
    """The module whose transcript ``record`` holds."""
    return DOCS_SRC / record.resolve().relative_to(RECORDS).with_suffix(".py")


def step_id(module: Path) -> str:
    """A short, stable name for a step, used as the test id: ``group/chapter/tutorial001``."""
    return module.resolve().relative_to(DOCS_SRC).with_suffix("").as_posix()


def pages() -> list[Path]:
    """Every Markdown page of the site."""
    return sorted(DOCS.rglob("*.md"))
