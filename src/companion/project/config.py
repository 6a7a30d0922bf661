"""A project's layout, read from the ``[tool.companion]`` table of its ``pyproject.toml``.

The table is found from a starting folder upwards, as pytest and ruff find theirs: the
closest ``pyproject.toml`` that has a ``[tool.companion]`` table (even an empty one) is the
project, and its folder is the project's root. Every key is optional; the defaults are the
layout of the SQLModel connected-data companion::

    [tool.companion]
    modules = ["docs_src"]          # the folders that hold the steps, searched recursively
    pattern = "*.py"                # which file names in them are steps
    imported = []                   # file names that are only imported by steps, never run
    records = "tests/records"       # where the records go, mirroring the modules' folders
    docs = "docs"                   # where the Markdown pages are
    accept = "pytest --inline-snapshot=fix"   # the command that accepts changed records
    databases = ["sqlite"]          # the databases every step is recorded on, the main one
                                    # first (``companion.databases.registry`` knows them)
    run_with = ""                   # what the pages put before `companion` and `python`
                                    # in their commands, such as "uv run"
    comparisons = "tests/matrix"    # the generated comparison pages and their causes.toml

Folders are relative to the root. ``pattern`` and ``imported`` are glob patterns matched
against a file's name (``tutorial*.py``, ``models.py``); ``__init__.py`` is never a step.
Nothing here depends on where the ``companion`` package is installed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from companion.project.paths import Project

FILE = "pyproject.toml"
TABLE = "companion"

DEFAULT_MODULES = ("docs_src",)
DEFAULT_PATTERN = "*.py"
DEFAULT_RECORDS = "tests/records"
DEFAULT_DOCS = "docs"
DEFAULT_ACCEPT = "pytest --inline-snapshot=fix"
DEFAULT_DATABASES = ("sqlite",)
DEFAULT_COMPARISONS = "tests/matrix"


class ConfigError(Exception):
    """No project was found, or its ``[tool.companion]`` table is not valid."""


def find(start: Path) -> Project:
    """The project of the closest ``pyproject.toml`` with ``[tool.companion]``, from ``start``
    (a folder or a file in one) upwards."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / FILE
        if candidate.is_file() and (table := _table(candidate)) is not None:
            return _config(folder, table)
    raise ConfigError(
        f"no {FILE} with a [tool.{TABLE}] table in {start} or any folder above it. "
        f"Add the table (an empty one takes the defaults) or name the project with --project."
    )


def load(root: Path) -> Project:
    """The project whose ``pyproject.toml`` is in ``root``; it must have the table."""
    root = root.resolve()
    path = root / FILE
    if not path.is_file():
        raise ConfigError(f"{path} does not exist.")
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path} has no [tool.{TABLE}] table.")
    return _config(root, table)


def has_table(path: Path) -> bool:
    """Whether the ``pyproject.toml`` at ``path`` has a ``[tool.companion]`` table."""
    return path.is_file() and _table(path) is not None


def _table(path: Path) -> dict[str, object] | None:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path} cannot be read: {error}") from None
    table = document.get("tool", {}).get(TABLE)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.{TABLE} must be a table.")
    return table


_KEYS = (
    "modules",
    "pattern",
    "imported",
    "records",
    "docs",
    "accept",
    "databases",
    "run_with",
    "comparisons",
)


def _config(root: Path, table: dict[str, object]) -> Project:
    where = f"{root / FILE} [tool.{TABLE}]"
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)}).")

    def text(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: {key} must be a non-empty string.")
        return value

    def texts(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{where}: {key} must be a string or a list of strings.")
        return tuple(value)

    def folder(name: str, key: str) -> Path:
        path = (root / name).resolve()
        if not path.is_relative_to(root):
            raise ConfigError(f"{where}: {key} {name!r} is outside the project.")
        return path

    modules = tuple(folder(name, "modules") for name in texts("modules", DEFAULT_MODULES))
    if not modules:
        raise ConfigError(f"{where}: modules names no folder.")
    for name, path in zip(texts("modules", DEFAULT_MODULES), modules, strict=True):
        if not path.is_dir():
            raise ConfigError(f"{where}: modules: the folder {name!r} does not exist.")
    databases = texts("databases", DEFAULT_DATABASES)
    if len(set(databases)) != len(databases):
        raise ConfigError(f"{where}: databases must name each database once.")
    return Project(
        root=root,
        modules_folders=modules,
        pattern=text("pattern", DEFAULT_PATTERN),
        imported=texts("imported", ()),
        records=folder(text("records", DEFAULT_RECORDS), "records"),
        docs=folder(text("docs", DEFAULT_DOCS), "docs"),
        accept=text("accept", DEFAULT_ACCEPT),
        databases=databases,
        run_with=_run_with(where, table.get("run_with", "")),
        comparisons=folder(text("comparisons", DEFAULT_COMPARISONS), "comparisons"),
    )


def _run_with(where: str, value: object) -> str:
    if not isinstance(value, str) or value != value.strip() or "\n" in value:
        raise ConfigError(f"{where}: run_with must be a string of one line, such as 'uv run'.")
    return value
