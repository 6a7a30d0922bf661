"""Cascade delete, step 6: cascade_delete=True deletes a hero taken off the list."""

from sqlalchemy import inspect
from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="team", cascade_delete=True)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    team: Team | None = Relationship(back_populates="heroes")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_heroes() -> None:
    with Session(engine) as session:
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        wakaland = Team(name="Wakaland", headquarters="Wakaland Capital City")
        session.add(Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force))
        session.add(
            Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers)
        )
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers)
        )
        session.add(
            Hero(name="Black Lion", secret_name="Trevor Challa", age=35, team=wakaland)
        )
        session.add(Hero(name="Princess Sure-E", secret_name="Sure-E", team=wakaland))
        session.commit()


def show_the_cascade() -> None:
    cascade = inspect(Team).relationships["heroes"].cascade
    print("Team.heroes cascades:", ", ".join(sorted(cascade)))


def take_black_lion_off_with_the_list_loaded() -> None:
    with Session(engine) as session:
        wakaland = session.exec(select(Team).where(Team.name == "Wakaland")).one()
        print("Wakaland heroes:", [hero.name for hero in wakaland.heroes])
        black_lion = session.exec(select(Hero).where(Hero.name == "Black Lion")).one()
        print("Taking Black Lion off his team")
        black_lion.team = None
        session.commit()
        print("Committed")


def take_deadpond_off_without_the_list() -> None:
    with Session(engine) as session:
        deadpond = session.exec(select(Hero).where(Hero.name == "Deadpond")).one()
        print("Taking Deadpond off his team")
        deadpond.team = None
        session.commit()
        print("Committed")


def show_heroes() -> None:
    with Session(engine) as session:
        for hero in session.exec(select(Hero)):
            print("Hero left:", hero)


def main() -> None:
    create_db_and_tables()
    create_heroes()
    show_the_cascade()
    take_black_lion_off_with_the_list_loaded()
    take_deadpond_off_without_the_list()
    show_heroes()


if __name__ == "__main__":
    main()
