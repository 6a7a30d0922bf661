"""Choosing a loader, step 14: a loaded list stays, unless populate_existing."""

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


def add_tarantula_elsewhere() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        session.add(
            Hero(name="Tarantula", secret_name="Natalia Roman-on", team=preventers)
        )
        session.commit()


def list_the_preventers(
    session: Session, title: str, populate_existing: bool
) -> list[Team]:
    print(title)
    statement = (
        select(Team)
        .where(Team.name == "Preventers")
        .options(selectinload(Team.heroes))
        .execution_options(populate_existing=populate_existing)
    )
    teams = session.exec(statement).all()
    for team in teams:
        print(" ", team.name, [hero.name for hero in team.heroes])
    print(f"Listed teams: {len(teams)}")
    return list(teams)


def main() -> None:
    create_db_and_tables()
    create_teams()
    with Session(engine) as session:
        # Kept referenced, so that the session's identity map keeps the team.
        teams = list_the_preventers(session, "Listing the Preventers:", False)
        print("Another session adds Tarantula to the Preventers.")
        add_tarantula_elsewhere()
        list_the_preventers(session, "Listing the Preventers again:", False)
        list_the_preventers(session, "Listing the Preventers, populate_existing:", True)
        print("Teams kept:", [team.name for team in teams])


if __name__ == "__main__":
    main()
