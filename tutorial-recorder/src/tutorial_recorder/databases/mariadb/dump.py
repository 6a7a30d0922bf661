"""A MariaDB step database's final state, as SQL that SQLite loads.

``dump()`` ends the step's sessions (an unfinished transaction leaves nothing, as at the
end of its process), then reads, with the step's own rights, what a new connection sees:
tables in name order, each one's ``CREATE TABLE`` from ``information_schema`` in MariaDB's
own words (``int(11)``, ``varchar(255)``, ``tinyint(1)``; an ``AUTO_INCREMENT`` column and
the table's engine and collation in MariaDB's executable comments, ``/*! ... */``, which
SQLite reads as comments), its primary key, unique keys, foreign keys with their
``ON DELETE`` and ``ON UPDATE`` rules when not InnoDB's default ``RESTRICT``, and checks;
then its rows in primary-key order; then the other indexes in name order. The index InnoDB
adds for a foreign key that has none is left out: MariaDB names it after the column,
table by table, and in SQLite an index's name is the whole schema's.

Every name in a query is backquoted by ``server.quoted``; in the dump, a name is written
as it is when plain (letters, digits, ``_``), double-quoted otherwise.
"""

from __future__ import annotations

import datetime
import decimal
import re
from typing import TYPE_CHECKING, Protocol

from tutorial_recorder.databases.mariadb.server import quoted
from tutorial_recorder.records.normalise import normalise_dump

if TYPE_CHECKING:
    import pymysql


class Host(Protocol):
    def end_sessions(self, name: str) -> None: ...
    def connect_as_step(self, name: str) -> pymysql.Connection[pymysql.cursors.Cursor]: ...


TABLES = (
    "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
)
COLUMNS = (
    "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s "
    "ORDER BY ORDINAL_POSITION"
)
INDEX_COLUMNS = (
    "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s ORDER BY INDEX_NAME, SEQ_IN_INDEX"
)
FOREIGN_KEYS = (
    "SELECT r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE, "
    "k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS r "
    "JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA "
    "AND k.TABLE_NAME = r.TABLE_NAME AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME "
    "WHERE r.CONSTRAINT_SCHEMA = DATABASE() AND r.TABLE_NAME = %s "
    "ORDER BY r.CONSTRAINT_NAME, k.ORDINAL_POSITION"
)
CHECKS = (
    "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
    "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = %s ORDER BY CONSTRAINT_NAME"
)
PRIMARY = "PRIMARY"
DEFAULT_RULE = "RESTRICT"


def dump(host: Host, name: str) -> str:
    """The committed schema and rows of database ``name`` (see the module's docstring)."""
    host.end_sessions(name)
    statements = ["BEGIN TRANSACTION;"]
    indexes: list[str] = []
    with host.connect_as_step(name) as connection, connection.cursor() as cursor:
        cursor.execute(TABLES)
        for table, engine, collation in sorted(cursor.fetchall()):
            keys = _indexes(cursor, table)
            foreign = _foreign_keys(cursor, table)
            statements.append(_create_table(cursor, table, engine, collation, keys, foreign))
            order = ", ".join(map(quoted, keys.get(PRIMARY, (0, []))[1])) or "1"
            cursor.execute(f"SELECT * FROM {quoted(table)} ORDER BY {order}")
            for row in cursor.fetchall():
                values = ",".join(_literal(value) for value in row)
                statements.append(f"INSERT INTO {_quoted(table)} VALUES({values});")
            made_for_keys = {fk[0] for fk in foreign} | {fk[3][0] for fk in foreign}
            for index, (non_unique, columns) in keys.items():
                if index == PRIMARY or not non_unique:
                    continue
                if index in made_for_keys and any(columns == fk[3] for fk in foreign):
                    continue
                shown = ", ".join(map(_name, columns))
                indexes.append(f"CREATE INDEX {_name(index)} ON {_name(table)} ({shown});")
    statements += sorted(indexes)
    statements.append("COMMIT;")
    return normalise_dump(statements)


Indexes = dict[str, tuple[int, list[str]]]
ForeignKey = tuple[str, str, str, list[str], list[str], str]


def _indexes(cursor: pymysql.cursors.Cursor, table: str) -> Indexes:
    """Each index of ``table``: whether it allows duplicates, and its columns."""
    found: Indexes = {}
    cursor.execute(INDEX_COLUMNS, (table,))
    for index, non_unique, column in cursor.fetchall():
        found.setdefault(index, (int(non_unique), []))[1].append(column)
    return found


def _foreign_keys(cursor: pymysql.cursors.Cursor, table: str) -> list[ForeignKey]:
    """Each foreign key: name, referenced table, rules, its columns, the referenced ones."""
    found: dict[str, ForeignKey] = {}
    cursor.execute(FOREIGN_KEYS, (table,))
    for key, target, on_update, on_delete, column, referenced in cursor.fetchall():
        found.setdefault(key, (key, target, on_update, [], [], on_delete))
        found[key][3].append(column)
        found[key][4].append(referenced)
    return list(found.values())


def _create_table(
    cursor: pymysql.cursors.Cursor,
    table: str,
    engine: str,
    collation: str,
    keys: Indexes,
    foreign: list[ForeignKey],
) -> str:
    lines = []
    cursor.execute(COLUMNS, (table,))
    for column, kind, nullable, default, extra in cursor.fetchall():
        line = f"{_name(column)} {kind}" + (" NOT NULL" if nullable == "NO" else "")
        if default is not None and not (default == "NULL" and nullable == "YES"):
            line += f" DEFAULT {default}"
        lines.append(line + (f" /*!{extra.upper()}*/" if extra else ""))
    if PRIMARY in keys:
        lines.append(f"PRIMARY KEY ({', '.join(map(_name, keys[PRIMARY][1]))})")
    for index, (non_unique, columns) in keys.items():
        if index != PRIMARY and not non_unique:
            lines.append(f"CONSTRAINT {_name(index)} UNIQUE ({', '.join(map(_name, columns))})")
    for key, target, on_update, columns, referenced, on_delete in foreign:
        line = (
            f"CONSTRAINT {_name(key)} FOREIGN KEY ({', '.join(map(_name, columns))}) "
            f"REFERENCES {_name(target)} ({', '.join(map(_name, referenced))})"
        )
        for event, rule in (("DELETE", on_delete), ("UPDATE", on_update)):
            line += f" ON {event} {rule}" if rule != DEFAULT_RULE else ""
        lines.append(line)
    cursor.execute(CHECKS, (table,))
    for check, clause in cursor.fetchall():
        lines.append(f"CONSTRAINT {_name(check)} CHECK ({clause})")
    body = ",\n\t".join(lines)
    options = f"ENGINE={engine} COLLATE={collation}"
    return f"CREATE TABLE {_name(table)} (\n\t{body}\n) /*!{options}*/;"


def _name(identifier: str) -> str:
    """``identifier`` as it is when plain, else double-quoted (``_quoted``)."""
    plain = re.fullmatch(r"[A-Za-z_]\w*", identifier, re.ASCII) is not None
    return identifier if plain else _quoted(identifier)


def _quoted(identifier: str) -> str:
    doubled = identifier.replace('"', '""')
    return f'"{doubled}"'


def _literal(value: object) -> str:
    """``value`` as a SQL literal, as SQLite's dump writes it."""
    if isinstance(value, int | float):  # a bool is an int: MariaDB has none of its own
        return repr(value)
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"X'{value.hex().upper()}'"
    if isinstance(value, decimal.Decimal | datetime.date | datetime.time | datetime.timedelta):
        value = str(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"
