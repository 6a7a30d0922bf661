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
    databases = ["sqlite"]          # or ["sqlite", "postgresql"]: record every step on both
    run_with = ""                   # what the pages put before `companion` and `python`
                                    # in their commands, such as "uv run"
    comparisons = "tests/matrix"    # the generated comparison pages and their causes.toml

Folders are relative to the root. ``pattern`` and ``imported`` are glob patterns matched
against a file's name (``tutorial*.py``, ``models.py``); ``__init__.py`` is never a step.
Nothing here depends on where the ``companion`` package is installed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

FILE = "pyproject.toml"
TABLE = "companion"

DEFAULT_MODULES = ("docs_src",)
DEFAULT_PATTERN = "*.py"
DEFAULT_RECORDS = "tests/records"
DEFAULT_DOCS = "docs"
DEFAULT_ACCEPT = "pytest --inline-snapshot=fix"
DEFAULT_COMPARISONS = "tests/matrix"


class ConfigError(Exception):
    """No project was found, or its ``[tool.companion]`` table is not valid."""


@dataclass(frozen=True)
class Config:
    root: Path
    """The folder of the project's ``pyproject.toml``, absolute."""
    modules: tuple[Path, ...]
    """The folders that hold the steps, absolute."""
    pattern: str
    imported: tuple[str, ...]
    records: Path
    docs: Path
    accept: str
    databases: tuple[str, ...] = ("sqlite",)
    """The databases every step is recorded on: ``sqlite``, and ``postgresql`` too."""
    run_with: str = ""
    """What the pages' commands start with, to run in the project's environment: ``""``
    (``companion run ...``, ``python ...``), or for example ``"uv run"``."""
    comparisons: Path = Path(DEFAULT_COMPARISONS)
    """The folder of the generated comparison pages and their ``causes.toml``, from the root
    (``companion.compare``)."""

    def command(self, words: str) -> str:
        """``words``, a command line, as the project's pages write it (with ``run_with``)."""
        return f"{self.run_with} {words}" if self.run_with else words

    @property
    def create(self) -> str:
        """The command that writes missing records: ``accept`` with ``create`` for ``fix``."""
        return self.accept.replace("--inline-snapshot=fix", "--inline-snapshot=create")


def find(start: Path) -> Config:
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


def load(root: Path) -> Config:
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
KNOWN_DATABASES = ("sqlite", "postgresql")


def _config(root: Path, table: dict[str, object]) -> Config:
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
    databases = texts("databases", ("sqlite",))
    if databases[:1] != ("sqlite",) or not set(databases) <= set(KNOWN_DATABASES):
        raise ConfigError(
            f"{where}: databases must start with 'sqlite' and name only "
            f"{' and '.join(map(repr, KNOWN_DATABASES))}."
        )
    return Config(
        root=root,
        modules=modules,
        pattern=text("pattern", DEFAULT_PATTERN),
        imported=texts("imported", ()),
        records=folder(text("records", DEFAULT_RECORDS), "records"),
        docs=folder(text("docs", DEFAULT_DOCS), "docs"),
        accept=text("accept", DEFAULT_ACCEPT),
        databases=databases,
        run_with=_run_with(where, table.get("run_with", "")),
        comparisons=folder(text("comparisons", DEFAULT_COMPARISONS), "comparisons").relative_to(
            root
        ),
    )


def _run_with(where: str, value: object) -> str:
    if not isinstance(value, str) or value != value.strip() or "\n" in value:
        raise ConfigError(f"{where}: run_with must be a string of one line, such as 'uv run'.")
    return value
