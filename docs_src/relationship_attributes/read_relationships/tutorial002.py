"""Read relationships, step 2: a team already in the session is read with no SQL."""

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


def create_heroes() -> None:
    with Session(engine) as session:
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        session.add(Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force))
        session.add(
            Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers)
        )
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers)
        )
        session.commit()


def read_with_the_teams_already_loaded() -> None:
    with Session(engine) as session:
        print("Selecting every team")
        teams = session.exec(select(Team)).all()
        print("Teams:", [team.name for team in teams])

        print("Selecting Spider-Boy")
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()

        print("Reading spider_boy.team")
        team = spider_boy.team
        print("Spider-Boy's team:", team.name)
        print("The object selected before:", team is teams[1])

        print("Reading team.heroes")
        heroes = team.heroes
        print("Heroes of the team:", [hero.name for hero in heroes])


def main() -> None:
    create_db_and_tables()
    create_heroes()
    read_with_the_teams_already_loaded()


if __name__ == "__main__":
    main()
