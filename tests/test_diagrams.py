"""Entity-relationship diagrams drawn from metadata, and from SQLModel models.

No ``from __future__ import annotations`` here: the models below are declared as a tutorial
module declares them, with the annotations evaluated.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, Relationship, SQLModel

from tutorial_recorder.records.diagrams import er_diagram
from tutorial_recorder.runner import models


@pytest.fixture
def fresh() -> Iterator[None]:
    with models.fresh_sqlmodel():
        yield


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
        # the link table between the two tables it joins: hero, membership, team
        '    hero ||--o{ membership : "hero_id"\n'
        '    membership }o--|| team : "team_id"\n'
        '    hero }o..o{ team : "through membership"\n'
    )


def _lines(metadata: MetaData) -> list[str]:
    return [line.strip() for line in er_diagram(metadata).splitlines() if "--" in line]


def test_a_unique_foreign_key_is_one_to_one_in_each_of_its_forms() -> None:
    metadata = MetaData()
    Table("hero", metadata, Column("id", Integer, primary_key=True))
    Table(
        "weapon",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("hero_id", ForeignKey("hero.id"), unique=True),
    )
    Table(
        "cape",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("hero_id", ForeignKey("hero.id"), nullable=False),
        UniqueConstraint("hero_id"),
    )
    Table(
        "mask",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("hero_id", ForeignKey("hero.id")),
        Index("ix_one_mask", "hero_id", unique=True),
    )
    Table("detail", metadata, Column("hero_id", ForeignKey("hero.id"), primary_key=True))
    assert sorted(_lines(metadata)) == [
        'hero |o--o| mask : "hero_id"',
        'hero |o--o| weapon : "hero_id"',
        'hero ||--o| cape : "hero_id"',
        'hero ||--o| detail : "hero_id"',
    ]


def test_a_key_unique_only_together_with_another_column_stays_one_to_many() -> None:
    metadata = MetaData()
    Table("hero", metadata, Column("id", Integer, primary_key=True))
    Table(
        "power",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("hero_id", ForeignKey("hero.id"), nullable=False),
        Column("name", String, nullable=False),
        UniqueConstraint("hero_id", "name"),
    )
    assert _lines(metadata) == ['hero ||--o{ power : "hero_id"']


def test_models_that_treat_a_plain_key_as_one_to_one_are_marked_not_enforced(fresh: None) -> None:
    class Weapon(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        hero: "Hero" = Relationship(back_populates="weapon")

    class Hero(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        weapon_id: int | None = Field(default=None, foreign_key="weapon.id")
        weapon: Weapon | None = Relationship(back_populates="hero")

    assert _lines(SQLModel.metadata) == [
        'weapon |o--o{ hero : "weapon_id, one-to-one not enforced"'
    ]


def test_models_with_a_unique_key_are_one_to_one_without_a_note(fresh: None) -> None:
    class Weapon(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        hero: "Hero" = Relationship(back_populates="weapon")

    class Hero(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        weapon_id: int | None = Field(default=None, foreign_key="weapon.id", unique=True)
        weapon: Weapon | None = Relationship(back_populates="hero")

    assert _lines(SQLModel.metadata) == ['weapon |o--o| hero : "weapon_id"']


def test_models_with_a_list_on_the_side_pointed_at_are_plain_one_to_many(fresh: None) -> None:
    class Team(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        heroes: list["Hero"] = Relationship(back_populates="team")

    class Hero(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        team_id: int | None = Field(default=None, foreign_key="team.id")
        team: Team | None = Relationship(back_populates="heroes")

    assert _lines(SQLModel.metadata) == ['team |o--o{ hero : "team_id"']


def test_no_models_draw_an_empty_diagram() -> None:
    assert er_diagram(MetaData()) == "erDiagram\n"
