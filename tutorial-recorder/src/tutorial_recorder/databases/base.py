"""What every database offers the rest of the harness: ``Database``, and the step's own
database on it, ``StepDatabase``."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.project.paths import Project

REQUIRE = "require"
"""The value of a database's ``require_variable`` that makes it required."""


class ServerError(RuntimeError):
    """A database server could not be found, started, reached or used; the message says why."""


@dataclass(frozen=True)
class StepDatabase:
    """The database one step runs on: ``url`` for its engines (``None``: a SQLite file in the
    step's temporary folder, which the supervisor dumps), and ``dump`` for its final state
    (``None``: the supervisor's dump is the state)."""

    url: str | None = None
    dump: Callable[[], str] | None = None


class Database(ABC):
    """One kind of database. Instances compare by name, so a project's databases, a test's
    parameter and a command's ``--on`` agree."""

    name: str
    """The registry's name, and the name of the records folder (``sqlite``)."""
    label: str
    """How pages and messages name it (``SQLite``)."""
    run_note: tuple[str, ...] = ()
    """Lines that say, on a page's "Run it yourself" block, what ``--on NAME`` runs on."""
    run_summary: str = ""
    """What ``companion run --on NAME`` says of where the step ran."""
    require_variable: str | None = None
    """The environment variable that, set to ``require``, makes a database that cannot be
    used here a failure instead of a skip."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Database) and (other.name, other.label) == (self.name, self.label)

    def __hash__(self) -> int:
        return hash((self.name, self.label))

    def __repr__(self) -> str:
        return f"<{self.label}>"

    def record_for(self, project: Project, module: Path, kind: str) -> Path:
        """``module``'s record of ``kind`` for runs on this database."""
        return project.record_for(module, kind, self.name)

    def records_of(self, project: Project, module: Path) -> list[Path]:
        """Every record ``module`` has for runs on this database, one of each kind."""
        return project.records_of(module, self.name)

    @property
    def required(self) -> bool:
        """Whether this database must be usable here (see ``require_variable``)."""
        variable = self.require_variable
        return variable is not None and os.environ.get(variable) == REQUIRE

    def unavailable(self) -> str | None:
        """Why this database cannot be used on this machine, or ``None`` if it can."""
        return None

    @abstractmethod
    def step(self) -> AbstractContextManager[StepDatabase]:
        """A database of a step's own, for the block; removed after it."""
