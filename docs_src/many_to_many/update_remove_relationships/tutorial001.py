"""Many-to-many, step 3: add a team to a hero's teams, then take it away again."""

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
        session.add(
            Hero(
                name="Deadpond", secret_name="Dive Wilson", teams=[z_force, preventers]
            )
        )
        session.commit()
        session.add(
            Hero(
                name="Rusty-Man", secret_name="Tommy Sharp", age=48, teams=[preventers]
            )
        )
        session.commit()
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", teams=[preventers])
        )
        session.commit()


def update_heroes() -> None:
    with Session(engine) as session:
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        z_force = session.exec(select(Team).where(Team.name == "Z-Force")).one()
        print(f"Spider-Boy has id {spider_boy.id}, Z-Force has id {z_force.id}")
        print("Spider-Boy's teams at the start:", names(spider_boy.teams))

        print("Adding Z-Force to Spider-Boy's teams")
        spider_boy.teams.append(z_force)
        session.commit()
        print("Spider-Boy's teams after adding:", names(spider_boy.teams))
        print("Z-Force heroes after adding:", names(z_force.heroes))

        print("Removing Z-Force from Spider-Boy's teams")
        spider_boy.teams.remove(z_force)
        session.commit()
        print("Spider-Boy's teams after removing:", names(spider_boy.teams))
        print("Z-Force heroes after removing:", names(z_force.heroes))


def main() -> None:
    create_db_and_tables()
    create_heroes()
    update_heroes()


if __name__ == "__main__":
    main()
