"""Define relationship attributes: Team.heroes and Hero.team, over one foreign key."""

from sqlalchemy import inspect
from sqlmodel import Field, Relationship, SQLModel, create_engine


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def describe(model: type[SQLModel]) -> None:
    mapper = inspect(model)
    print(f"{model.__name__} columns:", [column.key for column in mapper.columns])
    for relationship in mapper.relationships:
        target = relationship.mapper.class_.__name__
        kind = relationship.direction.name
        print(f"{model.__name__}.{relationship.key} -> {target} ({kind})")


def main() -> None:
    print("Creating the tables")
    create_db_and_tables()
    print("Tables created:", sorted(SQLModel.metadata.tables))
    describe(Team)
    describe(Hero)


if __name__ == "__main__":
    main()
