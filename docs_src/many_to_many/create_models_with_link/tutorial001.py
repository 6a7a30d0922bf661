"""Many-to-many, step 1: a link table between heroes and teams."""

from sqlmodel import Field, Relationship, SQLModel, create_engine


class HeroTeamLink(SQLModel, table=True):
    team_id: int | None = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    teams: list[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def describe_the_link_table() -> None:
    table = HeroTeamLink.__table__
    print("Link table:", table.name)
    print("Primary key columns:", [column.name for column in table.primary_key])
    for column in table.columns:
        for key in column.foreign_keys:
            print(f"Foreign key: {column.name} -> {key.target_fullname}")
    print("Columns of hero:", [column.name for column in Hero.__table__.columns])


def main() -> None:
    create_db_and_tables()
    describe_the_link_table()


if __name__ == "__main__":
    main()
