"""A project's layout, read from the ``[tool.tutorial-recorder]`` table of its ``pyproject.toml``.

The table is found from a starting folder upwards, as pytest and ruff find theirs: the
closest ``pyproject.toml`` that has a ``[tool.tutorial-recorder]`` table (even an empty one) is the
project, and its folder is the project's root. Every key is optional; the defaults are the
layout of the SQLModel connected-data companion::

    [tool.tutorial-recorder]
    modules = ["docs_src"]          # the folders that hold the steps, searched recursively
    pattern = "*.py"                # which file names in them are steps
    imported = []                   # file names that are only imported by steps, never run
    records = "tests/records"       # where the records go, mirroring the modules' folders
    docs = "docs"                   # where the Markdown pages are
    accept = "pytest --inline-snapshot=fix"   # the command that accepts changed records
    databases = ["sqlite"]          # the databases every step is recorded on, the main one
                                    # first (``tutorial_recorder.databases.registry`` knows them)
    run_with = ""                   # what the pages put before `companion` and `python`
                                    # in their commands, such as "uv run"
    comparisons = "tests/matrix"    # the generated comparison pages and their causes.toml
    memory_limit = "1 GiB"          # what one step may use: memory it allocates,
    file_size_limit = "1 GiB"       # the largest file it writes,
    process_limit = 64              # processes at once (itself included),
    open_files_limit = 1024         # descriptors open at once,
    output_limit = "16 MiB"         # and what it prints (tutorial_recorder.runner.limits)

Folders are relative to the root. ``pattern`` and ``imported`` are glob patterns matched
against a file's name (``tutorial*.py``, ``models.py``); ``__init__.py`` is never a step.
A size is a number of bytes or a string such as ``"512 KiB"``, ``"16 MiB"``, ``"1 GiB"``;
the memory limit is at least 64 MiB (the step's interpreter starts with about 50), the file
size limit at least 1 MiB, the open files limit at least 16 and the output limit at least 1 KiB.
Nothing here depends on where the ``companion`` package is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

from tutorial_recorder.project import toml as tomllib
from tutorial_recorder.project.paths import GiB, KiB, Limits, MiB, Project

FILE = "pyproject.toml"
TABLE = "tutorial-recorder"

DEFAULT_MODULES = ("docs_src",)
DEFAULT_PATTERN = "*.py"
DEFAULT_RECORDS = "tests/records"
DEFAULT_DOCS = "docs"
DEFAULT_ACCEPT = "pytest --inline-snapshot=fix"
DEFAULT_DATABASES = ("sqlite",)
DEFAULT_COMPARISONS = "tests/matrix"

_UNITS = {"B": 1, "KiB": KiB, "MiB": MiB, "GiB": GiB}
_SIZE = re.compile(r"(\d+) *(B|KiB|MiB|GiB)")
_SIZES = {  # key: (Limits field, least value)
    "memory_limit": ("memory", 64 * MiB),
    "file_size_limit": ("file_size", 1 * MiB),
    "output_limit": ("output", 1 * KiB),
}
_MOST = 1 << 60  # beyond any machine, and within what ``setrlimit`` takes
_COUNTS = {"process_limit": ("processes", 1), "open_files_limit": ("open_files", 16)}


class ConfigError(Exception):
    """No project was found, or its ``[tool.tutorial-recorder]`` table is not valid."""


def find(start: Path) -> Project:
    """The project of the closest ``pyproject.toml`` with ``[tool.tutorial-recorder]``, from
    ``start``
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
    """Whether the ``pyproject.toml`` at ``path`` has a ``[tool.tutorial-recorder]`` table."""
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
    *_SIZES,
    *_COUNTS,
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
        limits=_limits(where, table),
    )


def _run_with(where: str, value: object) -> str:
    if not isinstance(value, str) or value != value.strip() or "\n" in value:
        raise ConfigError(f"{where}: run_with must be a string of one line, such as 'uv run'.")
    return value


def _limits(where: str, table: dict[str, object]) -> Limits:
    """The ``*_limit`` keys, each checked: a size (bytes, or ``"16 MiB"``) or a count."""
    values: dict[str, int] = {}
    for key, (field, least) in _SIZES.items():
        if key in table:
            values[field] = _size(where, key, table[key], least)
    for key, (field, least) in _COUNTS.items():
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or not least <= value < _MOST:
                raise ConfigError(f"{where}: {key} must be a whole number, at least {least}.")
            values[field] = value
    return Limits(**values)


def _size(where: str, key: str, value: object, least: int) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value.strip())):
        number = int(match[1]) * _UNITS[match[2]]
    if number is None or not least <= number < _MOST:
        smallest = f"{least // MiB} MiB" if least >= MiB else f"{least // KiB} KiB"
        raise ConfigError(
            f'{where}: {key} must be a size such as "16 MiB" or a number of bytes, '
            f"at least {smallest}; it is {value!r}."
        )
    return number
