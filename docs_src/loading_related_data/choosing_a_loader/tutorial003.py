"""Choosing a loader, step 3: any() and has() filter with EXISTS."""

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


def list_teams_joined_to_their_heroes() -> None:
    with Session(engine) as session:
        print("Listing the teams with heroes, joined along Team.heroes:")
        teams = session.exec(select(Team).join(Team.heroes)).all()
        for team in teams:
            print(" ", team.name)
        print(f"Listed teams: {len(teams)}")


def list_teams_with_any_hero() -> None:
    with Session(engine) as session:
        print("Listing the teams with heroes, filtered with any():")
        teams = session.exec(select(Team).where(Team.heroes.any())).all()
        for team in teams:
            print(" ", team.name)
        print(f"Listed teams: {len(teams)}")


def list_teams_with_a_hero_over_forty() -> None:
    with Session(engine) as session:
        print("Listing the teams with a hero over 40, filtered with any(...):")
        teams = session.exec(select(Team).where(Team.heroes.any(Hero.age > 40))).all()
        for team in teams:
            print(" ", team.name)
        print(f"Listed teams: {len(teams)}")


def list_heroes_of_sharp_tower() -> None:
    with Session(engine) as session:
        print("Listing the heroes at Sharp Tower, filtered with has(...):")
        statement = select(Hero).where(
            Hero.team.has(Team.headquarters == "Sharp Tower")
        )
        heroes = session.exec(statement).all()
        for hero in heroes:
            print(" ", hero.name)
        print(f"Listed heroes: {len(heroes)}")


def main() -> None:
    create_db_and_tables()
    create_teams()
    list_teams_joined_to_their_heroes()
    list_teams_with_any_hero()
    list_teams_with_a_hero_over_forty()
    list_heroes_of_sharp_tower()


if __name__ == "__main__":
    main()
