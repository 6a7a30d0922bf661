"""Cascade delete, step 7: passive_deletes=True leaves the CASCADE to the database."""

from typing import Any

from sqlalchemy import event
from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(
        back_populates="team", cascade_delete=True, passive_deletes=True
    )


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    team: Team | None = Relationship(back_populates="heroes")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


@event.listens_for(engine, "connect")
def turn_on_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite enforces foreign keys only when each connection asks for it; other
    # databases always enforce them, and have no PRAGMA
    if engine.dialect.name != "sqlite":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


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


def delete_wakaland() -> None:
    with Session(engine) as session:
        wakaland = session.exec(select(Team).where(Team.name == "Wakaland")).one()
        print("Deleting team:", wakaland)
        session.delete(wakaland)
        session.commit()
        print("Team deleted")


def show_heroes() -> None:
    with Session(engine) as session:
        for hero in session.exec(select(Hero)):
            print("Hero left:", hero)
        black_lion = session.exec(select(Hero).where(Hero.name == "Black Lion")).first()
        print("Black Lion:", black_lion)


def main() -> None:
    create_db_and_tables()
    create_heroes()
    delete_wakaland()
    show_heroes()


if __name__ == "__main__":
    main()
