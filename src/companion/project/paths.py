"""Where things live: the tutorial modules, their records and the docs pages.

A step is one module under ``docs_src/``. Its records have the same relative path under
``tests/records/``: ``.txt`` for ``.py`` holds the transcript, ``.db.sql`` the database
at the end of the run, ``.er.mmd`` the entity-relationship diagram of its models. The
records of its run on PostgreSQL have the same names under ``tests/records/postgresql/``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
DOCS_SRC = ROOT / "docs_src"
RECORDS = ROOT / "tests" / "records"


def modules() -> list[Path]:
    """Every tutorial step module, in a stable order."""
    return sorted(p for p in DOCS_SRC.rglob("*.py") if p.name != "__init__.py")


TRANSCRIPT = ".txt"
STATE = ".db.sql"
DIAGRAM = ".er.mmd"
KINDS = (TRANSCRIPT, STATE, DIAGRAM)


def records() -> list[Path]:
    """Every record file, of both kinds, in a stable order."""
    return sorted(p for p in RECORDS.rglob("*") if p.is_file())


SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DATABASES = (SQLITE, POSTGRESQL)


def record_for(module: Path, kind: str = TRANSCRIPT, on: str = SQLITE) -> Path:
    """The record of ``module``'s transcript, or of another ``kind`` (``STATE``, ``DIAGRAM``);
    ``on`` names the database of the run (``SQLITE`` or ``POSTGRESQL``)."""
    relative = module.resolve().relative_to(DOCS_SRC)
    folder = RECORDS if on == SQLITE else RECORDS / on
    return folder / relative.parent / (relative.stem + kind)


def records_of(module: Path, on: str = SQLITE) -> list[Path]:
    """Every record ``module`` should have on database ``on``, one of each kind."""
    return [record_for(module, kind, on) for kind in KINDS]


def every_record_of(module: Path) -> list[Path]:
    """Every record ``module`` should have, on every database."""
    return [record for on in DATABASES for record in records_of(module, on)]


def relative(path: Path) -> str:
    """``path`` from the project root, as messages write it; absolute if it is elsewhere."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def module_for(record: Path) -> Path:
    """The module a record belongs to (whichever its kind)."""
    relative = record.resolve().relative_to(RECORDS)
    if relative.parts[0] == POSTGRESQL:
        relative = relative.relative_to(POSTGRESQL)
    return DOCS_SRC / relative.parent / (relative.name.split(".")[0] + ".py")


def step_id(module: Path) -> str:
    """A short, stable name for a step, used as the test id: ``group/chapter/tutorial001``."""
    return module.resolve().relative_to(DOCS_SRC).with_suffix("").as_posix()


def pages() -> list[Path]:
    """Every Markdown page of the site."""
    return sorted(DOCS.rglob("*.md"))
