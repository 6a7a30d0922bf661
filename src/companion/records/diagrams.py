"""Entity-relationship diagrams (Mermaid ``erDiagram``) drawn from a run's SQLModel metadata.

Nothing is drawn by hand: tables, columns with their SQL types, primary and foreign keys
come from the ``MetaData`` the module's models filled. Each foreign key is a one-to-many
line from the table it points at to the table that holds it, labelled with the column;
optional when the column may be NULL. A link table (its primary key made of foreign keys
to two tables) adds a dashed many-to-many line between those two tables.
"""

from __future__ import annotations

import re

from sqlalchemy import MetaData, Table


def er_diagram(metadata: MetaData) -> str:
    tables = metadata.sorted_tables
    lines = ["erDiagram"]
    for table in tables:
        lines += _entity(table)
    for table in tables:
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            parent = key.column.table.name
            many = "o{"
            one = "|o" if key.parent.nullable else "||"
            lines.append(f'    {parent} {one}--{many} {table.name} : "{key.parent.name}"')
    for table in tables:
        if (pair := _linked_pair(table)) is not None:
            lines.append(f'    {pair[0]} }}o..o{{ {pair[1]} : "through {table.name}"')
    return "\n".join(lines) + "\n"


def _entity(table: Table) -> list[str]:
    rows = [f"    {table.name} {{"]
    for column in table.columns:
        keys = [k for k, on in (("PK", column.primary_key), ("FK", column.foreign_keys)) if on]
        marks = f" {', '.join(keys)}" if keys else ""
        note = ' "nullable"' if column.nullable and not column.primary_key else ""
        rows.append(f"        {_word(str(column.type))} {column.name}{marks}{note}")
    return [*rows, "    }"]


def _linked_pair(table: Table) -> tuple[str, str] | None:
    """The two tables a link table joins, if ``table`` is one."""
    key = list(table.primary_key.columns)
    targets = sorted({fk.column.table.name for column in key for fk in column.foreign_keys})
    linking = len(targets) == 2 and all(column.foreign_keys for column in key)
    return (targets[0], targets[1]) if linking else None


def _word(sql_type: str) -> str:
    """Mermaid attribute types are single words: ``VARCHAR(20)`` becomes ``VARCHAR_20``."""
    return re.sub(r"\W+", "_", sql_type).strip("_")
