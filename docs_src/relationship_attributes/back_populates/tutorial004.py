"""back_populates, step 4: no back_populates, the list first read after the change."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship()


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship()


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force))
        session.add(
            Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers)
        )
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers)
        )
        session.commit()


def names(heroes: list[Hero]) -> list[str]:
    return [hero.name for hero in heroes]


def take_spider_boy_off_the_team() -> None:
    with Session(engine) as session:
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        print("Spider-Boy:", spider_boy)

        spider_boy.team = None
        print("Off the team in Python; the list is read for the first time")
        print("Preventers heroes before commit:", names(preventers.heroes))

        session.add(spider_boy)
        session.commit()
        print("Preventers heroes after commit:", names(preventers.heroes))


def main() -> None:
    create_db_and_tables()
    create_heroes()
    take_spider_boy_off_the_team()


if __name__ == "__main__":
    main()
