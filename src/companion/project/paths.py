"""Where things live in the current project: its step modules, their records and its pages.

The project is the one ``companion.project.config`` finds from the current folder upwards,
unless ``use`` named another (``companion --project DIR``, or the pytest plugin, which
uses the project of pytest's root folder). ``use`` also sets ``$COMPANION_PROJECT`` to the
project's root, so that the processes this one starts (the runner's server and
supervisors, a matrix set's environment) work on the same project wherever they start.
``ROOT``, ``DOCS``, ``DOCS_SRC`` (the first modules folder) and ``RECORDS`` are read from
it when asked for.

A step is one module under a modules folder that matches the configured pattern and is not
named as imported only. Its records have the same relative path under the records folder,
with ``.txt`` (the transcript), ``.db.sql`` (the database at the end of the run) or
``.er.mmd`` (the entity-relationship diagram of its models) in place of ``.py``. With one
modules folder, the path is relative to it (``docs_src/a/b/tutorial001.py`` has its
transcript at ``tests/records/a/b/tutorial001.txt``); with several, relative to the root,
so that two folders never share a record.
The records of a run on PostgreSQL have the same names in the folder ``postgresql/`` of the
records folder.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import Path

from companion.project import config

TRANSCRIPT = ".txt"
STATE = ".db.sql"
DIAGRAM = ".er.mmd"
KINDS = (TRANSCRIPT, STATE, DIAGRAM)

PROJECT = "COMPANION_PROJECT"
_current: config.Config | None = None


def use(project: config.Config | None) -> None:
    """Make ``project`` the current project (``None``: find it again when next asked)."""
    global _current
    _current = project
    if project is None:
        os.environ.pop(PROJECT, None)
    else:
        os.environ[PROJECT] = str(project.root)


def current() -> config.Config:
    """The current project: on first use, the one ``$COMPANION_PROJECT`` names, or else the
    one found from the current folder upwards."""
    if _current is not None:
        return _current
    named = os.environ.get(PROJECT)
    found = config.load(Path(named)) if named else config.find(Path.cwd())
    use(found)
    return found


def __getattr__(name: str) -> Path:
    folders = {
        "ROOT": lambda project: project.root,
        "DOCS": lambda project: project.docs,
        "DOCS_SRC": lambda project: project.modules[0],
        "RECORDS": lambda project: project.records,
    }
    if name not in folders:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return folders[name](current())


def modules() -> list[Path]:
    """Every step module of the project, in a stable order."""
    project = current()
    found: set[Path] = set()
    for folder in project.modules:
        for path in folder.rglob(project.pattern):
            relative = path.relative_to(folder)
            if path.is_file() and _is_step(relative, project):
                found.add(path)
    return sorted(found)


def _is_step(relative: Path, project: config.Config) -> bool:
    hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
    name = relative.name
    imported = any(fnmatch(name, pattern) for pattern in project.imported)
    return name.endswith(".py") and name != "__init__.py" and not hidden and not imported


def is_module(path: Path) -> bool:
    """Whether ``path`` is one of the project's step modules."""
    path = path.resolve()
    project = current()
    for folder in project.modules:
        if path.is_relative_to(folder) and fnmatch(path.name, project.pattern):
            return _is_step(path.relative_to(folder), project) and path.is_file()
    return False


def within(module: Path) -> Path:
    """``module``'s path from the folder its records mirror (see the docstring above)."""
    module = module.resolve()
    project = current()
    base = project.modules[0] if len(project.modules) == 1 else project.root
    if not module.is_relative_to(base) or not any(
        module.is_relative_to(f) for f in project.modules
    ):
        folders = ", ".join(relative(folder) for folder in project.modules)
        raise ValueError(f"{module} is not in the project's modules folders ({folders})")
    return module.relative_to(base)


def records() -> list[Path]:
    """Every record file of every kind, in a stable order."""
    folder = current().records
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DATABASES = (SQLITE, POSTGRESQL)


def record_for(module: Path, kind: str = TRANSCRIPT, on: str = SQLITE) -> Path:
    """The record of ``module``'s transcript, or of another ``kind`` (``STATE``, ``DIAGRAM``);
    ``on`` names the database of the run (``SQLITE`` or ``POSTGRESQL``)."""
    inside = within(module)
    records = current().records if on == SQLITE else current().records / on
    return records / inside.parent / (inside.stem + kind)


def records_of(module: Path, on: str = SQLITE) -> list[Path]:
    """Every record ``module`` should have on database ``on``, one of each kind."""
    return [record_for(module, kind, on) for kind in KINDS]


def databases() -> tuple[str, ...]:
    """The databases the current project records every step on (``databases`` in its
    configuration; SQLite's alone by default)."""
    return current().databases


def every_record_of(module: Path) -> list[Path]:
    """Every record ``module`` should have, on every database the project records on."""
    return [record for on in databases() for record in records_of(module, on)]


def module_for(record: Path) -> Path:
    """The module a record belongs to, whichever its kind (it may not exist)."""
    project = current()
    inside = record.resolve().relative_to(project.records)
    if inside.parts[0] == POSTGRESQL:
        inside = inside.relative_to(POSTGRESQL)
    stem = next((inside.name[: -len(k)] for k in KINDS if inside.name.endswith(k)), inside.stem)
    base = project.modules[0] if len(project.modules) == 1 else project.root
    return base / inside.parent / (stem + ".py")


def package_of(module: Path) -> tuple[Path, str] | None:
    """For a module in a package: the folder the package is imported from, and its name."""
    if not (module.parent / "__init__.py").is_file():
        return None
    parts, folder = [module.stem], module.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return folder, ".".join(parts)


def python_command(module: Path, run_with: str = "") -> str:
    """How a learner runs ``module`` from the project's root: ``python <path>``, or for a
    module in a package ``PYTHONPATH=<folder> python -m package.module`` (as
    ``companion.runner.bare`` runs it); ``run_with`` goes before ``python``."""
    python = f"{run_with} python" if run_with else "python"
    package = package_of(module.resolve())
    if package is None:
        return f"{python} {relative(module)}"
    top, name = package
    return f"PYTHONPATH={relative(top)} {python} -m {name}"


def page_for(module: Path) -> Path:
    """The page of ``module``'s chapter (it may not exist): the pages folder, then the path of
    the module's folder, as ``.md``. ``docs_src/a/b/tutorial001.py`` has ``docs/a/b.md``."""
    folder = within(module).parent
    return current().docs / folder.parent / f"{folder.name}.md"


def relative(path: Path) -> str:
    """``path`` from the project's root, as messages write it; absolute if it is elsewhere."""
    path = path.resolve()
    root = current().root
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def step_id(module: Path) -> str:
    """A stable name for a step, used as the test id: ``group/chapter/tutorial001``."""
    return within(module).with_suffix("").as_posix()


def pages() -> list[Path]:
    """Every Markdown page of the project."""
    folder = current().docs
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []
