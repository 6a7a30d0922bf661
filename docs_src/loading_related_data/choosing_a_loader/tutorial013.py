"""Choosing a loader, step 13: a write-only list: add unloaded, read by select()."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(
        back_populates="team", sa_relationship_kwargs={"lazy": "write_only"}
    )


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


def add_a_hero() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        print("Adding a hero to the Preventers:")
        tarantula = Hero(name="Tarantula", secret_name="Natalia Roman-on", age=32)
        preventers.heroes.add(tarantula)
        session.commit()
        print("Added the hero.")


def list_heroes_of_the_preventers() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        print("Listing the Preventers heroes over 40, with the select() of the list:")
        statement = preventers.heroes.select().where(Hero.age > 40)
        heroes = session.scalars(statement).all()
        for hero in heroes:
            print(" ", hero.name)
        print(f"Listed heroes: {len(heroes)}")
        print("Reading the list itself:")
        print(" ", [hero.name for hero in preventers.heroes])


def main() -> None:
    create_db_and_tables()
    create_teams()
    add_a_hero()
    list_heroes_of_the_preventers()


if __name__ == "__main__":
    main()
