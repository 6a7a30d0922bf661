"""Many-to-many from the team side: team.heroes.append adds one link row."""

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


def create_team_and_heroes() -> None:
    with Session(engine) as session:
        session.add(Team(name="Preventers", headquarters="Sharp Tower"))
        session.add(Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48))
        session.add(Hero(name="Spider-Boy", secret_name="Pedro Parqueador"))
        session.commit()


def recruit_spider_boy() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        print("Preventers before:", [hero.name for hero in preventers.heroes])
        preventers.heroes.append(spider_boy)
        session.add(preventers)
        print("Spider-Boy appended to the Preventers; committing:")
        session.commit()
        print("Committed")
        print("Spider-Boy's teams:", [team.name for team in spider_boy.teams])


def main() -> None:
    create_db_and_tables()
    create_team_and_heroes()
    recruit_spider_boy()


if __name__ == "__main__":
    main()
