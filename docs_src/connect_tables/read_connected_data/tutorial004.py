"""Read connected data, way 4: filter by the team's name, return the heroes only."""

from sqlmodel import Field, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_teams_and_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(preventers)
        session.add(z_force)
        session.commit()

        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson", team_id=z_force.id)
        rusty_man = Hero(
            name="Rusty-Man", secret_name="Tommy Sharp", age=48, team_id=preventers.id
        )
        spider_boy = Hero(name="Spider-Boy", secret_name="Pedro Parqueador")
        session.add(deadpond)
        session.add(rusty_man)
        session.add(spider_boy)
        session.commit()


def read_preventers() -> None:
    with Session(engine) as session:
        statement = select(Hero).join(Team).where(Team.name == "Preventers")
        print("Heroes of the Preventers:")
        for hero in session.exec(statement):
            print(" ", hero)


def main() -> None:
    create_db_and_tables()
    create_teams_and_heroes()
    read_preventers()


if __name__ == "__main__":
    main()
