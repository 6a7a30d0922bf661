"""Entity-relationship diagrams drawn from metadata."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, MetaData, String, Table

from companion.records.diagrams import er_diagram


def test_tables_columns_keys_and_both_shapes_of_connection() -> None:
    metadata = MetaData()
    Table("team", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
    Table(
        "hero",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("team_id", ForeignKey("team.id"), nullable=True),
        Column("mentor_id", ForeignKey("hero.id"), nullable=False),
    )
    Table(
        "membership",
        metadata,
        Column("team_id", ForeignKey("team.id"), primary_key=True),
        Column("hero_id", ForeignKey("hero.id"), primary_key=True),
        Column("is_training", Boolean, nullable=False),
    )
    assert er_diagram(metadata) == (
        "erDiagram\n"
        "    team {\n"
        "        INTEGER id PK\n"
        '        VARCHAR_20 name "nullable"\n'
        "    }\n"
        "    hero {\n"
        "        INTEGER id PK\n"
        '        INTEGER team_id FK "nullable"\n'
        "        INTEGER mentor_id FK\n"
        "    }\n"
        "    membership {\n"
        "        INTEGER team_id PK, FK\n"
        "        INTEGER hero_id PK, FK\n"
        "        BOOLEAN is_training\n"
        "    }\n"
        '    hero ||--o{ hero : "mentor_id"\n'
        '    team |o--o{ hero : "team_id"\n'
        '    hero ||--o{ membership : "hero_id"\n'
        '    team ||--o{ membership : "team_id"\n'
        '    hero }o..o{ team : "through membership"\n'
    )


def test_no_models_draw_an_empty_diagram() -> None:
    assert er_diagram(MetaData()) == "erDiagram\n"
