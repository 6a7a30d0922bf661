"""Type annotation strings: list["Hero"] names a class that does not exist yet."""

from sqlalchemy import inspect
from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="team")


print("Team is defined. Is there a Hero class yet?", "Hero" in globals())


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")


print("Hero is defined. Is there a Hero class now?", "Hero" in globals())

sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def show_resolved_targets() -> None:
    heroes = inspect(Team).relationships["heroes"]
    team = inspect(Hero).relationships["team"]
    print("Team.heroes resolves to the class:", heroes.mapper.class_.__name__)
    print("It is the Hero class defined above:", heroes.mapper.class_ is Hero)
    print("Hero.team resolves to the class:", team.mapper.class_.__name__)


def create_and_read_a_team() -> None:
    with Session(engine) as session:
        wakaland = Team(
            name="Wakaland",
            headquarters="Wakaland Capital City",
            heroes=[Hero(name="Black Lion", secret_name="Trevor Challa", age=35)],
        )
        session.add(wakaland)
        session.commit()

        black_lion = session.exec(select(Hero).where(Hero.name == "Black Lion")).one()
        print("Black Lion's team:", black_lion.team.name)


def main() -> None:
    create_db_and_tables()
    show_resolved_targets()
    create_and_read_a_team()


if __name__ == "__main__":
    main()
