"""A PostgreSQL step database's final state, as SQL.

``dump()`` writes what a new connection sees once the run is over, in the format of
``tutorial_recorder.records.database``: tables in name order, each one's ``CREATE TABLE`` from
PostgreSQL's catalog (``format_type``, ``pg_get_constraintdef``), then its rows in
primary-key order, then the indexes (``pg_get_indexdef``, less the default ``USING btree``
and the ``public.`` schema) in name order. The dump loads into SQLite, so the claim tests
and the pages read it as they read a SQLite one. Before the dump, any connection the run left is
ended, as the end of its process ends it: an unfinished transaction leaves nothing.

The dump reads with the step's own rights (``connect_as_step``: on the session's server, the
step's role), and every name it puts in a query or in the dump is an identifier, never SQL:
queries are composed with ``psycopg.sql``, and in the dump a name is written as it is when
it is a plain one (letters, digits and ``_``), double-quoted otherwise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutorial_recorder.databases.postgresql.given import Given
from tutorial_recorder.databases.postgresql.server import Server
from tutorial_recorder.records.normalise import normalise_dump

if TYPE_CHECKING:
    import psycopg

Host = Server | Given


def dump(server: Host, name: str) -> str:
    """The committed schema and rows of database ``name``, as SQL (see the module's docstring)."""
    with server.admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    from psycopg import sql

    statements = ["BEGIN TRANSACTION;"]
    indexes: list[str] = []
    with server.connect_as_step(name) as connection:
        for oid, table in connection.execute(TABLES).fetchall():
            statements.append(_create_table(connection, oid, table))
            keys = [key for (key,) in connection.execute(PRIMARY_KEY, (oid,)).fetchall()]
            order = sql.SQL(", ").join(map(sql.Identifier, keys)) if keys else sql.SQL("1")
            query = sql.SQL("SELECT * FROM public.{} ORDER BY {}").format(
                sql.Identifier(table), order
            )
            for row in connection.execute(query):
                values = ",".join(_literal(value) for value in row)
                statements.append(f"INSERT INTO {_quoted(table)} VALUES({values});")
            for (index,) in connection.execute(INDEXES, (oid,)).fetchall():
                indexes.append(_PLAIN_INDEX.sub(" ", index.replace(" ON public.", " ON ")) + ";")
    statements += sorted(indexes)
    statements.append("COMMIT;")
    return normalise_dump(statements)


TABLES = (
    "SELECT oid, relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
    "AND relkind IN ('r', 'p') ORDER BY relname"
)
COLUMNS = (
    "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d "
    "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
)
CONSTRAINTS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s "
    "ORDER BY array_position(ARRAY['p', 'u', 'f', 'c', 'x'], contype::text), conname"
)
PRIMARY_KEY = (
    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
    "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = %s AND i.indisprimary "
    "ORDER BY array_position(i.indkey::int2[], a.attnum)"
)
INDEXES = (
    "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s "
    "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
)
_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_NEXTVAL = re.compile(r"^nextval\('[^']*'::regclass\)$")
_PLAIN_INDEX = re.compile(r" USING btree ")


def _create_table(connection: psycopg.Connection, oid: int, table: str) -> str:
    """``CREATE TABLE`` in PostgreSQL's own words (its catalog's types and constraints); a
    column that takes its default from a sequence is written ``serial``, as it was declared."""
    lines = []
    for column, kind, not_null, default in connection.execute(COLUMNS, (oid,)).fetchall():
        if default is not None and _NEXTVAL.match(default) and kind in _SERIALS:
            kind, default = _SERIALS[kind], None
        line = f"{_name(column)} {kind}" + (" NOT NULL" if not_null else "")
        lines.append(line + (f" DEFAULT {default}" if default is not None else ""))
    for constraint, definition in connection.execute(CONSTRAINTS, (oid,)).fetchall():
        lines.append(f"CONSTRAINT {_name(constraint)} {definition}")
    body = ",\n\t".join(lines)
    return f"CREATE TABLE {_name(table)} (\n\t{body}\n);"


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name(identifier: str) -> str:
    """``identifier`` in the dump: as it is when plain, as the dump has always written it,
    double-quoted otherwise (``_quoted``)."""
    return identifier if _PLAIN_NAME.fullmatch(identifier) else _quoted(identifier)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: object) -> str:
    """``value`` as a SQL literal, written as SQLite's dump writes it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"
