"""Create and update relationships, step 1: connect objects, commit once."""

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

        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force)
        rusty_man = Hero(
            name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers
        )
        spider_boy = Hero(name="Spider-Boy", secret_name="Pedro Parqueador")

        wakaland = Team(
            name="Wakaland",
            headquarters="Wakaland Capital City",
            heroes=[
                Hero(name="Black Lion", secret_name="Trevor Challa", age=35),
                Hero(name="Princess Sure-E", secret_name="Sure-E"),
            ],
        )

        print("Not saved yet. Z-Force id:", z_force.id)
        print("Not saved yet. Deadpond team_id:", deadpond.team_id)
        print("Not saved yet. Deadpond team:", deadpond.team.name)
        print("Not saved yet. Wakaland heroes:", [h.name for h in wakaland.heroes])

        session.add(deadpond)
        session.add(rusty_man)
        session.add(spider_boy)
        session.add(wakaland)
        print("One commit for all of them")
        session.commit()

        print("Saved. Z-Force id:", z_force.id)
        print("Saved. Deadpond team_id:", deadpond.team_id)
        for team in session.exec(select(Team)):
            print("Team:", team)
        for hero in session.exec(select(Hero)):
            print("Hero:", hero)


def main() -> None:
    create_db_and_tables()
    create_heroes()


if __name__ == "__main__":
    main()
