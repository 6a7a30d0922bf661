"""Many-to-many, step 2: a hero in two teams, saved with one commit."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class HeroTeamLink(SQLModel, table=True):
    team_id: int | None = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    teams: list[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def names(items: list[Hero] | list[Team]) -> list[str]:
    return [item.name for item in items]


def create_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        deadpond = Hero(
            name="Deadpond", secret_name="Dive Wilson", teams=[z_force, preventers]
        )
        print("Not saved yet. Deadpond id:", deadpond.id, "Z-Force id:", z_force.id)
        print("Preventers heroes, set by back_populates:", names(preventers.heroes))

        session.add(deadpond)
        print("Committing Deadpond; his two teams and both links come along")
        session.commit()
        print(f"Deadpond has id {deadpond.id}, teams: {names(deadpond.teams)}")
        print(f"Z-Force has id {z_force.id}, Preventers has id {preventers.id}")

        rusty_man = Hero(
            name="Rusty-Man", secret_name="Tommy Sharp", age=48, teams=[preventers]
        )
        session.add(rusty_man)
        session.commit()
        spider_boy = Hero(
            name="Spider-Boy", secret_name="Pedro Parqueador", teams=[preventers]
        )
        session.add(spider_boy)
        session.commit()
        print("Preventers heroes:", names(preventers.heroes))


def show_link_rows() -> None:
    with Session(engine) as session:
        links = session.exec(select(HeroTeamLink)).all()
        print("Rows of heroteamlink:")
        for link in links:
            print(f"  team_id={link.team_id} hero_id={link.hero_id}")


def main() -> None:
    create_db_and_tables()
    create_heroes()
    show_link_rows()


if __name__ == "__main__":
    main()
