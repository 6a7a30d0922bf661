"""Choosing a loader, step 5: lazy="joined": each query of heroes joins teams."""

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
    team: Team | None = Relationship(
        back_populates="heroes", sa_relationship_kwargs={"lazy": "joined"}
    )


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


def list_heroes() -> None:
    with Session(engine) as session:
        print("Listing the heroes, joined set on the model:")
        heroes = session.exec(select(Hero)).all()
        for hero in heroes:
            print(" ", hero.name, "of", hero.team.name if hero.team else None)
        print(f"Listed heroes: {len(heroes)}")


def get_one_hero() -> None:
    with Session(engine) as session:
        print("Getting hero 2 by primary key:")
        hero = session.get(Hero, 2)
        if hero is not None:
            print(" ", hero.name, "of", hero.team.name if hero.team else None)
        print("Got hero 2.")


def main() -> None:
    create_db_and_tables()
    create_teams()
    list_heroes()
    get_one_hero()


if __name__ == "__main__":
    main()
