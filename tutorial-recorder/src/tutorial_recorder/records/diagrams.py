"""Entity-relationship diagrams (Mermaid ``erDiagram``) drawn from a run's SQLModel metadata.

Nothing is drawn by hand: tables, columns with their SQL types, primary and foreign keys
come from the ``MetaData`` the module's models filled. Each foreign key is a line from the
table it points at to the table that holds it, labelled with the column; optional on the
side it points at when the column may be NULL. What the line allows on the other side is
what the database enforces:

- one-to-one (at most one row per row pointed at) only when a unique constraint says so:
  the column is unique, has a unique index or constraint of its own, or is the whole
  primary key;
- one-to-many otherwise. When the models treat such a key as one-to-one (the model of the
  table it points at has a relationship to the other model that holds one object, not a
  list) the label says ``one-to-one not enforced``. The relationships are read from
  SQLModel's registry as declared, without setting the mappers up, so a run whose models
  cannot be set up still gets its diagram.

A link table (its primary key made of foreign keys to two tables) is drawn between those
two tables: the first points at it, it points at the second, and a dashed many-to-many line
joins the two.
"""

from __future__ import annotations

import re

from sqlalchemy import Column, ForeignKey, Index, MetaData, Table, UniqueConstraint
from sqlalchemy.orm import RelationshipProperty
from sqlmodel.main import default_registry

NOT_ENFORCED = "one-to-one not enforced"


def er_diagram(metadata: MetaData) -> str:
    tables = metadata.sorted_tables
    treated_as_one = _treated_as_one_to_one(tables)
    lines = ["erDiagram"]
    for table in tables:
        lines += _entity(table)
    for table in tables:
        pair = _linked_pair(table)
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            parent_on_right = pair is not None and key.column.table.name == pair[1]
            lines.append(_line(key, parent_on_right, key.parent in treated_as_one))
    for table in tables:
        if (pair := _linked_pair(table)) is not None:
            lines.append(f'    {pair[0]} }}o..o{{ {pair[1]} : "through {table.name}"')
    return "\n".join(lines) + "\n"


def _line(key: ForeignKey, parent_on_right: bool, treated_as_one: bool) -> str:
    """The line of one foreign key, from the table it points at to the table holding it."""
    column, parent, child = key.parent, key.column.table.name, key.parent.table.name
    unique = _unique(column)
    label = column.name
    if treated_as_one and not unique:
        label += f", {NOT_ENFORCED}"
    if parent_on_right:
        one = "o|" if column.nullable else "||"
        many = "|o" if unique else "}o"
        return f'    {child} {many}--{one} {parent} : "{label}"'
    one = "|o" if column.nullable else "||"
    many = "o|" if unique else "o{"
    return f'    {parent} {one}--{many} {child} : "{label}"'


def _unique(column: Column[object]) -> bool:
    """Whether the database allows at most one row per value of ``column``."""
    table = column.table
    if column.unique or list(table.primary_key.columns) == [column]:
        return True
    alone = [column.name]
    constraints = [c for c in table.constraints if isinstance(c, UniqueConstraint)]
    indexes: list[Index] = [index for index in table.indexes if index.unique]
    return any(list(c.columns.keys()) == alone for c in constraints) or any(
        list(index.columns.keys()) == alone for index in indexes
    )


def _treated_as_one_to_one(tables: list[Table]) -> set[Column[object]]:
    """The foreign key columns that a model treats as one-to-one: the model of the table
    they point at has a relationship holding one object of the model of their table."""
    mappers = [m for m in default_registry.mappers if m.local_table in tables]
    by_name = {m.class_.__name__: m for m in mappers}
    found: set[Column[object]] = set()
    for mapper in mappers:
        for prop in mapper._props.values():  # as declared: .relationships would set them up
            if not isinstance(prop, RelationshipProperty) or prop.uselist is not False:
                continue
            target = prop.argument
            other = by_name.get(target) if isinstance(target, str) else None
            if other is None and isinstance(target, type):
                other = next((m for m in mappers if m.class_ is target), None)
            if other is None:
                continue
            found |= {
                key.parent
                for key in other.local_table.foreign_keys
                if key.column.table is mapper.local_table
            }
    return found


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
