"""Eager loading, step 5: selectinload for 501 teams sends two IN lists, 500 and 1."""

from sqlalchemy import insert
from sqlalchemy.orm import selectinload
from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


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


def create_teams() -> None:
    teams = [
        {"name": f"Team {number}", "headquarters": "HQ"} for number in range(1, 502)
    ]
    black_lion = {"name": "Black Lion", "secret_name": "Trevor Challa", "team_id": 501}
    with engine.begin() as connection:
        connection.execute(insert(Team), teams)
        connection.execute(insert(Hero), [black_lion])


def list_teams() -> None:
    with Session(engine) as session:
        print("Listing the teams:")
        teams = session.exec(select(Team).options(selectinload(Team.heroes))).all()
        heroes = [(hero.name, team.name) for team in teams for hero in team.heroes]
        print(f"Listed {len(teams)} teams; their heroes: {heroes}")


def main() -> None:
    create_db_and_tables()
    create_teams()
    list_teams()


if __name__ == "__main__":
    main()
