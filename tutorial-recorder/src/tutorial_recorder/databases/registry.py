"""The databases by name: the one place that maps a name in ``[tool.tutorial-recorder]``, ``--on``
or
a record's folder to its ``Database``."""

from __future__ import annotations

from collections.abc import Callable

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.mariadb import MariaDB
from tutorial_recorder.databases.postgresql import GivenServer, PostgreSQL
from tutorial_recorder.databases.sqlite import SQLite
from tutorial_recorder.project.paths import Project

KINDS: dict[str, Database] = {
    database.name: database for database in (SQLite(), PostgreSQL(), MariaDB())
}
MAIN = KINDS["sqlite"]
"""The database every project records on, and the one a run uses unless told otherwise."""
GIVEN: dict[str, Callable[[str], Database]] = {
    "postgresql": GivenServer,
    "mysql": MariaDB,
    "mariadb": MariaDB,
}
"""A learner's own server (``companion run --url``), by the URL's scheme (its dialect)."""


class UnknownDatabase(ValueError):
    """A name that no registered database has."""


def named(name: str) -> Database:
    """The database called ``name``."""
    try:
        return KINDS[name]
    except KeyError:
        *most, last = KINDS
        known = f"{', '.join(most)} or {last}" if most else last
        raise UnknownDatabase(f"there is no database {name!r} (known: {known})") from None


def of(project: Project) -> tuple[Database, ...]:
    """The databases ``project`` records every step on, in its order: ``MAIN`` first."""
    where = (
        f"{project.relative(project.root / 'pyproject.toml')} [tool.tutorial-recorder] databases"
    )
    try:
        found = tuple(named(name) for name in project.databases)
    except UnknownDatabase as error:
        raise UnknownDatabase(f"{where}: {error}") from None
    if found[:1] != (MAIN,):
        raise UnknownDatabase(f"{where}: the first must be {MAIN.name!r}, the main database")
    return found


def given(url: str) -> Database:
    """The learner's server that ``url`` names, by its scheme (``postgresql://``,
    ``mysql+pymysql://``); nothing is connected to yet."""
    scheme = url.partition("://")[0].partition("+")[0]
    if "://" not in url or scheme not in GIVEN:
        raise UnknownDatabase(
            "--url must name a PostgreSQL or MariaDB database (postgresql://... or "
            f"mysql+pymysql://...), not {url!r}"
        )
    return GIVEN[scheme](url)
