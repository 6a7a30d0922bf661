"""Many-to-many, step 4d: the overlap warning silenced, the plain lists still write."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class HeroTeamLink(SQLModel, table=True):
    team_id: int | None = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)
    is_training: bool = False

    team: "Team" = Relationship(back_populates="hero_links")
    hero: "Hero" = Relationship(back_populates="team_links")


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    hero_links: list[HeroTeamLink] = Relationship(back_populates="team")
    heroes: list["Hero"] = Relationship(
        back_populates="teams",
        link_model=HeroTeamLink,
        sa_relationship_kwargs={"overlaps": "hero,hero_links,team,team_links"},
    )


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_links: list[HeroTeamLink] = Relationship(back_populates="hero")
    teams: list[Team] = Relationship(
        back_populates="heroes",
        link_model=HeroTeamLink,
        sa_relationship_kwargs={"overlaps": "hero,hero_links,team,team_links"},
    )


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson")
        session.add(HeroTeamLink(team=z_force, hero=deadpond))
        session.add(HeroTeamLink(team=preventers, hero=deadpond, is_training=True))
        session.add(Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48))
        session.commit()
        print("Saved Deadpond with two links, and Rusty-Man without a team")


def show_heroes() -> None:
    with Session(engine) as session:
        deadpond = session.exec(select(Hero).where(Hero.name == "Deadpond")).one()
        print("Deadpond's teams through the list:", [t.name for t in deadpond.teams])
        training = [link.is_training for link in deadpond.team_links]
        print("Deadpond's is_training through the links:", training)


def join_through_the_list() -> None:
    with Session(engine) as session:
        rusty_man = session.exec(select(Hero).where(Hero.name == "Rusty-Man")).one()
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        print("Appending the Preventers to Rusty-Man's plain list of teams")
        rusty_man.teams.append(preventers)
        session.commit()
        print("Rusty-Man's teams after the commit:", [t.name for t in rusty_man.teams])
        links = [(link.team.name, link.is_training) for link in rusty_man.team_links]
        print("Rusty-Man's links after the commit:", links)


def main() -> None:
    create_db_and_tables()
    create_heroes()
    show_heroes()
    join_through_the_list()


if __name__ == "__main__":
    main()
