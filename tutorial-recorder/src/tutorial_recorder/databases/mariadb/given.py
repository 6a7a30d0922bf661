"""A MariaDB (or MySQL) server the learner names by URL
(``companion run STEP --url mysql+pymysql://...``).

The URL names a database on the learner's server, which must hold no tables: one that does
is refused before anything is written. The step then runs in a new database of its own on
that server, made with the URL's user (who needs the ``CREATE`` and ``DROP`` privileges)
and dropped afterwards; the named database is never written to. The step connects as the
URL's user, so ``Given`` offers what ``tutorial_recorder.databases.mariadb`` uses of the
session's own server: ``new_database``, ``step_url``, ``end_sessions``, ``connect_as_step``
and ``drop``.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.mariadb.server import DRIVER, quoted

if TYPE_CHECKING:
    import pymysql
    from sqlalchemy.engine import URL

_REFUSED = (
    "refused: the database {!r} at --url has {} table(s) ({}); name an empty database, "
    "nothing was written"
)


def _first(rows: tuple[tuple[str, ...], ...], count: int) -> str:
    named = ", ".join(row[0] for row in rows[:count])
    return named + ", ..." * (len(rows) > count)


class Given:
    """The learner's server; making one checks that the named database has no tables."""

    TABLES = (
        "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
    )

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import (
            make_url,
        )  # here: a test process that names no URL never needs it

        try:  # the scheme is the registry's to check (``registry.given``)
            self._url: URL = make_url(url).set(drivername=f"mysql+{DRIVER}")
        except Exception as error:
            raise ServerError(f"--url {url!r} is not a database URL: {error}") from None
        self._database = self._url.database or ""
        if not self._database:
            raise ServerError(f"--url {url!r} names no database: name an empty one")
        with self.connect(self._database) as connection, connection.cursor() as cursor:
            cursor.execute(self.TABLES)
            found = cursor.fetchall()
        if found:  # the first five are named, the rest counted
            raise ServerError(_REFUSED.format(self._database, len(found), _first(found, 5)))

    def step_url(self, name: str) -> str:
        return self._url.set(database=name).render_as_string(hide_password=False)

    def connect(self, database: str = "") -> pymysql.Connection[pymysql.cursors.Cursor]:
        import pymysql

        target = self._url.set(database=database or self._database)
        options = target.translate_connect_args(username="user")  # host, port, password ...
        options |= {key: str(value) for key, value in target.query.items()}  # unix_socket
        try:
            return pymysql.connect(autocommit=True, **options)
        except pymysql.Error as error:
            raise ServerError(f"cannot connect to the database at --url: {error}") from None

    connect_as_step = connect

    def end_sessions(self, name: str) -> None:
        """Nothing to end: the step's process has ended, and its connections with it."""

    def new_database(self) -> str:
        import pymysql

        name = f"companion_step_{os.getpid()}_{secrets.token_hex(4)}"
        with self.connect() as connection, connection.cursor() as cursor:
            try:
                cursor.execute(f"CREATE DATABASE {quoted(name)}")
            except pymysql.Error as error:
                raise ServerError(f"cannot make the step's database at --url: {error}") from None
        return name

    def drop(self, name: str) -> None:
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)}")
