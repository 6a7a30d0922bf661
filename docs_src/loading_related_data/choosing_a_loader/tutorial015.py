"""Choosing a loader, step 15: with_loader_criteria filters every load of heroes."""

from sqlalchemy.orm import selectinload, with_loader_criteria
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
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(Team(name="Avengers", headquarters="Avengers Tower"))
        session.add(Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force))
        session.add(
            Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers)
        )
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers)
        )
        session.add(Hero(name="Dr. Weird", secret_name="Steve Weird", age=36))
        session.commit()


def list_teams_lazily() -> None:
    with Session(engine) as session:
        print("Listing the teams lazily, heroes with a known age only:")
        statement = select(Team).options(
            with_loader_criteria(Hero, Hero.age.is_not(None))
        )
        teams = session.exec(statement).all()
        for team in teams:
            print(" ", team.name, [hero.name for hero in team.heroes])
        print(f"Listed teams: {len(teams)}")


def list_teams_with_selectinload() -> None:
    with Session(engine) as session:
        print("Listing the teams with selectinload, heroes with a known age only:")
        statement = select(Team).options(
            selectinload(Team.heroes), with_loader_criteria(Hero, Hero.age.is_not(None))
        )
        teams = session.exec(statement).all()
        for team in teams:
            print(" ", team.name, [hero.name for hero in team.heroes])
        print(f"Listed teams: {len(teams)}")


def main() -> None:
    create_db_and_tables()
    create_teams()
    list_teams_lazily()
    list_teams_with_selectinload()


if __name__ == "__main__":
    main()
