"""Record every tutorial module into a folder, inside one dependency set's environment.

This is the part of the upgrade matrix that runs in each set's own virtual environment
(``noxfile.py`` makes them): the same in-memory recording as the tests, written to files
instead of compared. A set's folder holds:

- ``set.json``: the set's name, description, whether the project supports it, its Python
  and package versions, how long the recording took, and ``error``: why the set produced no
  results, if it did not (``prepare`` writes that before the environment is installed,
  ``record_all`` clears it when it finishes);
- ``records/<group>/<chapter>/tutorial00N.txt``, ``.db.sql`` and every other kind of
  record (``tutorial_recorder.project.paths.KINDS``): the fresh run, laid out as ``tests/records/``
  is
  (``diff -r`` works on the two);
- ``records/<...>/tutorial00N.traceback``: the whole traceback, when the run ended with an
  uncaught error or could not be recorded at all (then there is no ``.txt``).

Nothing here compares: ``tutorial_recorder.matrix.results`` reads these folders.
"""

from __future__ import annotations

import json
import platform
import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from tutorial_recorder.databases.registry import MAIN, named
from tutorial_recorder.project.paths import KINDS, Project

SET_FILE = "set.json"
RECORDS = "records"
TRACEBACK = ".traceback"
PACKAGES = ("sqlmodel", "sqlalchemy", "pydantic", "pydantic-core", "typing-extensions")
NOT_FINISHED = (
    "The set produced no results: its environment could not be installed, or the recorder "
    "stopped before the end (nox's output above it says which)."
)


@dataclass
class SetInfo:
    """The contents of ``set.json``."""

    name: str
    description: str = ""
    supported: bool = True
    python: str = ""
    packages: dict[str, str] = field(default_factory=dict)
    seconds: float | None = None
    error: str = ""
    on: str = MAIN.name
    """The name of the database the set records on, and whose records it is compared with."""

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"
        (folder / SET_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> SetInfo:
        data = json.loads((folder / SET_FILE).read_text(encoding="utf-8"))
        return cls(**{key: value for key, value in data.items() if key in cls.__annotations__})


def prepare(
    folder: Path,
    name: str,
    description: str = "",
    *,
    supported: bool = True,
    on: str = MAIN.name,
) -> None:
    """Empty ``folder`` and mark it as a set that has not finished yet; ``on`` names the
    database it records on."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    SetInfo(name, description, supported, error=NOT_FINISHED, on=on).write(folder)


def fail(folder: Path, error: str) -> None:
    """Mark the set of ``folder`` as one that produced no results, for ``error``."""
    info = SetInfo.read(folder)
    info.error = error
    info.write(folder)


def target(project: Project, folder: Path, module: Path) -> Path:
    """Where the results of ``module`` go in ``folder``, without a suffix."""
    return folder / RECORDS / project.step_id(module)


def record_all(
    project: Project,
    folder: Path,
    modules: Iterable[Path],
    advance: Callable[[str], None] = lambda step: None,
) -> SetInfo:
    """Record each of ``modules`` into ``folder`` (made ready by ``prepare``).

    ``advance`` is called with each module's step id before it runs, for a progress display.
    """
    from tutorial_recorder.runner.recorder import (  # after prepare: it may fail to import
        StepError,
        record,
    )

    on = named(SetInfo.read(folder).on)
    started = time.perf_counter()
    for module in modules:
        advance(project.step_id(module))
        base = target(project, folder, module)
        base.parent.mkdir(parents=True, exist_ok=True)
        try:
            transcript = record(project, module, on=on)
        except StepError as error:
            _write(base, TRACEBACK, f"{error}\n")
            continue
        except Exception:
            _write(base, TRACEBACK, traceback.format_exc())
            continue
        for kind in KINDS:
            _write(base, kind, transcript.recorded(kind))
        if transcript.error is not None:
            _write(base, TRACEBACK, transcript.error.traceback)
    info = SetInfo.read(folder)
    info.python = platform.python_version()
    info.packages = versions()
    info.seconds = round(time.perf_counter() - started, 2)
    info.error = ""
    info.write(folder)
    return info


def versions() -> dict[str, str]:
    """The installed versions of the packages the tutorial depends on."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _write(base: Path, suffix: str, text: str) -> None:
    base.with_name(base.name + suffix).write_text(text, encoding="utf-8")
