"""A project: where its step modules, their records and its pages live.

``Project`` is the layout ``tutorial_recorder.project.config`` reads from
``[tool.tutorial-recorder]``; it is
passed to whatever needs it (nothing here is global: no current project, no environment
variable). Its methods answer where things are.

A step is one module under a modules folder that matches the configured pattern and is not
named as imported only. Its records have the same relative path under the records folder of
the database it ran on (``<records>/<database>/``), with ``.txt`` (the transcript),
``.db.sql`` (the database at the end of the run) or ``.er.mmd`` (the entity-relationship
diagram of its models) in place of ``.py``. With one modules folder, the path is relative to
it (``docs_src/a/b/tutorial001.py`` has its SQLite transcript at
``tests/records/sqlite/a/b/tutorial001.txt``); with several, relative to the root, so that
two folders never share a record. Every folder directly under the records folder is a
database's, so no chapter name can collide with one.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

TRANSCRIPT = ".txt"
STATE = ".db.sql"
DIAGRAM = ".er.mmd"
KINDS = (TRANSCRIPT, STATE, DIAGRAM)

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True)
class Limits:
    """What one step may use, sizes in bytes (``[tool.tutorial-recorder]``'s ``*_limit`` keys;
    ``tutorial_recorder.runner.limits`` enforces them). The defaults are far above what a tutorial
    step needs."""

    memory: int = 1 * GiB
    """The memory the step's process may allocate (its data, or address space)."""
    file_size: int = 1 * GiB
    """The largest file the step may write."""
    processes: int = 64
    """The most processes the step may have at once, itself included."""
    open_files: int = 1024
    """The most descriptors the step's process may have open at once."""
    output: int = 16 * MiB
    """The most the step may print (descriptors 1 and 2 together)."""


@dataclass(frozen=True)
class Project:
    """A project's layout; every folder absolute."""

    root: Path
    """The folder of the project's ``pyproject.toml``."""
    modules_folders: tuple[Path, ...]
    """The folders that hold the steps."""
    pattern: str
    imported: tuple[str, ...]
    records: Path
    """The records folder: one folder in it per database."""
    docs: Path
    accept: str
    databases: tuple[str, ...] = ("sqlite",)
    """The names of the databases every step is recorded on, the first one the main one
    (``tutorial_recorder.databases`` knows them)."""
    run_with: str = ""
    """What the pages' commands start with, to run in the project's environment: ``""``
    (``companion run ...``, ``python ...``), or for example ``"uv run"``."""
    comparisons: Path = Path("tests/matrix")
    """The folder of the generated comparison pages and their ``causes.toml``
    (``tutorial_recorder.compare``)."""
    limits: Limits = Limits()
    """What each step may use (``tutorial_recorder.runner.limits``)."""

    def command(self, words: str) -> str:
        """``words``, a command line, as the project's pages write it (with ``run_with``)."""
        return f"{self.run_with} {words}" if self.run_with else words

    @property
    def create(self) -> str:
        """The command that writes missing records: ``accept`` with ``create`` for ``fix``."""
        return self.accept.replace("--inline-snapshot=fix", "--inline-snapshot=create")

    def modules(self) -> list[Path]:
        """Every step module of the project, in a stable order."""
        found: set[Path] = set()
        for folder in self.modules_folders:
            for path in folder.rglob(self.pattern):
                if path.is_file() and self._is_step(path.relative_to(folder)):
                    found.add(path)
        return sorted(found)

    def _is_step(self, relative: Path) -> bool:
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        name = relative.name
        imported = any(fnmatch(name, pattern) for pattern in self.imported)
        return name.endswith(".py") and name != "__init__.py" and not hidden and not imported

    @property
    def _base(self) -> Path:
        """The folder the records mirror (see the module's docstring)."""
        return self.modules_folders[0] if len(self.modules_folders) == 1 else self.root

    def within(self, module: Path) -> Path:
        """``module``'s path from the folder its records mirror."""
        module = module.resolve()
        if not module.is_relative_to(self._base) or not any(
            module.is_relative_to(f) for f in self.modules_folders
        ):
            folders = ", ".join(self.relative(folder) for folder in self.modules_folders)
            raise ValueError(f"{module} is not in the project's modules folders ({folders})")
        return module.relative_to(self._base)

    def record_for(self, module: Path, kind: str, database: str) -> Path:
        """The record of ``module``'s ``kind`` (``TRANSCRIPT``, ``STATE``, ``DIAGRAM``) on the
        database named ``database``."""
        inside = self.within(module)
        return self.records / database / inside.parent / (inside.stem + kind)

    def records_of(self, module: Path, database: str) -> list[Path]:
        """Every record ``module`` should have on ``database``, one of each kind."""
        return [self.record_for(module, kind, database) for kind in KINDS]

    def every_record_of(self, module: Path) -> list[Path]:
        """Every record ``module`` should have, on every database the project records on."""
        return [record for name in self.databases for record in self.records_of(module, name)]

    def record_files(self) -> list[Path]:
        """Every file in the records folder, in a stable order."""
        folder = self.records
        return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []

    def module_for(self, record: Path) -> Path:
        """The module a record belongs to, whichever its kind and database (it may not
        exist)."""
        inside = record.resolve().relative_to(self.records)
        inside = Path(*inside.parts[1:]) if len(inside.parts) > 1 else inside
        stem = next((inside.name[: -len(k)] for k in KINDS if inside.name.endswith(k)), inside.stem)
        return self._base / inside.parent / (stem + ".py")

    def python_command(self, module: Path, run_with: str = "") -> str:
        """How a learner runs ``module`` from the project's root: ``python <path>``, or for a
        module in a package ``PYTHONPATH=<folder> python -m package.module`` (as
        ``tutorial_recorder.runner.bare`` runs it); ``run_with`` goes before ``python``. Each path
        and name is quoted for a shell (``shlex.quote``), so a module's name is never run."""
        python = f"{run_with} python" if run_with else "python"
        package = package_of(module.resolve())
        if package is None:
            return f"{python} {shlex.quote(self.relative(module))}"
        top, name = package
        return f"PYTHONPATH={shlex.quote(self.relative(top))} {python} -m {shlex.quote(name)}"

    def page_for(self, module: Path) -> Path:
        """The page of ``module``'s chapter (it may not exist): the pages folder, then the
        path of the module's folder, as ``.md``. ``docs_src/a/b/tutorial001.py`` has
        ``docs/a/b.md``."""
        folder = self.within(module).parent
        return self.docs / folder.parent / f"{folder.name}.md"

    def relative(self, path: Path) -> str:
        """``path`` from the project's root, as messages write it; absolute if elsewhere."""
        path = path.resolve()
        root = self.root
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def step_id(self, module: Path) -> str:
        """A stable name for a step, used as the test id: ``group/chapter/tutorial001``."""
        return self.within(module).with_suffix("").as_posix()

    def pages(self) -> list[Path]:
        """Every Markdown page of the project."""
        folder = self.docs
        return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def package_of(module: Path) -> tuple[Path, str] | None:
    """For a module in a package: the folder the package is imported from, and its name."""
    if not (module.parent / "__init__.py").is_file():
        return None
    parts, folder = [module.stem], module.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return folder, ".".join(parts)
