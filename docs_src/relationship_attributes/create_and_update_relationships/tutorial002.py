"""Create and update relationships, step 2: append heroes to a team that is saved."""

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
        session.add(Hero(name="Spider-Boy", secret_name="Pedro Parqueador"))
        session.commit()


def names(heroes: list[Hero]) -> list[str]:
    return [hero.name for hero in heroes]


def add_heroes_to_the_preventers() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        print("Preventers heroes at the start:", names(preventers.heroes))

        preventers.heroes.append(spider_boy)
        preventers.heroes.append(
            Hero(name="Captain North America", secret_name="Esteban Rogelios", age=93)
        )
        print("Appended, not saved. Preventers heroes:", names(preventers.heroes))
        print("Appended, not saved. Spider-Boy team:", spider_boy.team.name)
        print("Appended, not saved. Spider-Boy team_id:", spider_boy.team_id)

        session.add(preventers)
        print("Committing the team")
        session.commit()

        print("Saved. Preventers heroes:", names(preventers.heroes))
        for hero in preventers.heroes:
            print("Hero:", hero)


def main() -> None:
    create_db_and_tables()
    create_heroes()
    add_heroes_to_the_preventers()


if __name__ == "__main__":
    main()
