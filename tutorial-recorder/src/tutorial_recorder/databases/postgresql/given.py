"""A PostgreSQL server the learner names by URL (``companion run STEP --url postgresql://...``).

The URL names a database on the learner's server. It must hold no tables: one that does is
refused before anything is written, so a URL typed by mistake cannot touch real data. The
step then runs in a new database of its own on that server, made with the URL's user (who
needs the ``CREATEDB`` privilege) and dropped afterwards; the named database is never
written to.

``Given`` offers what ``tutorial_recorder.databases.postgresql`` uses of the project's own server
(``server.Server``): ``new_database``, ``step_url``, ``url``, ``connect``,
``connect_as_step`` (the URL's user is the step's) and ``drop``.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING, Any

from tutorial_recorder.databases.base import ServerError

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.engine import URL

TABLES = (
    "SELECT table_schema || '.' || table_name FROM information_schema.tables "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
)


class Given:
    """The learner's server; making one checks that the named database has no tables."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import (
            make_url,
        )  # here: a test process that names no URL never needs it

        try:
            parsed = make_url(url)
        except Exception as error:
            raise ServerError(f"--url {url!r} is not a database URL: {error}") from None
        if parsed.get_backend_name() != "postgresql":
            raise ServerError(
                f"--url must name a PostgreSQL database (postgresql://...), not {url!r}"
            )
        self._url: URL = parsed.set(drivername="postgresql+psycopg")
        self._database = parsed.database or "postgres"
        with self.connect(self._database) as connection:
            tables = [name for (name,) in connection.execute(TABLES).fetchall()]
        if tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise ServerError(
                f"refused: the database {self._database!r} at --url has {len(tables)} "
                f"table(s) ({shown}); name an empty database, nothing was written"
            )

    def url(self, database: str) -> str:
        return self._url.set(database=database).render_as_string(hide_password=False)

    def step_url(self, name: str) -> str:
        return self.url(name)

    def connect(self, database: str = "") -> psycopg.Connection:
        import psycopg

        target = self._url.set(database=database or self._database)
        options: dict[str, Any] = {
            "host": target.host,
            "port": target.port,
            "user": target.username,
            "password": target.password,
            "dbname": target.database,
            **{key: str(value) for key, value in target.query.items()},
        }
        try:
            return psycopg.connect(
                autocommit=True, **{k: v for k, v in options.items() if v is not None}
            )
        except psycopg.Error as error:
            raise ServerError(f"cannot connect to the database at --url: {error}") from None

    admin = connect
    connect_as_step = connect

    def new_database(self) -> str:
        import psycopg
        from psycopg import sql

        name = f"companion_step_{os.getpid()}_{secrets.token_hex(4)}"
        with self.connect() as connection:
            try:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except psycopg.Error as error:
                raise ServerError(f"cannot make the step's database at --url: {error}") from None
        return name

    def drop(self, name: str) -> None:
        from psycopg import sql

        with self.connect() as connection:
            dropped = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(dropped.format(sql.Identifier(name)))
