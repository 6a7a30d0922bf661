"""Many-to-many, step 1b: the composite primary key refuses the same link twice."""

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


def create_one_link() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        session.add(
            Hero(name="Deadpond", secret_name="Dive Wilson", teams=[preventers])
        )
        session.commit()
        print("Saved Deadpond in the Preventers")


def link_the_same_pair_again() -> None:
    with Session(engine) as session:
        deadpond = session.exec(select(Hero).where(Hero.name == "Deadpond")).one()
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        deadpond.teams.append(preventers)
        print("Deadpond's teams in Python:", [team.name for team in deadpond.teams])
        print("Committing the second, identical link")
        session.commit()
        print("Never printed: the database refuses the row")


def main() -> None:
    create_db_and_tables()
    create_one_link()
    link_the_same_pair_again()


if __name__ == "__main__":
    main()
