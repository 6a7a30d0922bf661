"""A link with an extra field, added between a hero and a team already saved."""

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


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_links: list[HeroTeamLink] = Relationship(back_populates="hero")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_team_and_hero() -> None:
    with Session(engine) as session:
        session.add(Team(name="Preventers", headquarters="Sharp Tower"))
        session.add(Hero(name="Spider-Boy", secret_name="Pedro Parqueador"))
        session.commit()


def put_spider_boy_in_training() -> None:
    with Session(engine) as session:
        preventers = session.exec(select(Team).where(Team.name == "Preventers")).one()
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        link = HeroTeamLink(team=preventers, hero=spider_boy, is_training=True)
        session.add(link)
        print("A new link between two saved rows; committing:")
        session.commit()
        print("Committed")
        for link in spider_boy.team_links:
            print(f"Spider-Boy: {link.team.name}, training: {link.is_training}")


def main() -> None:
    create_db_and_tables()
    create_team_and_hero()
    put_spider_boy_in_training()


if __name__ == "__main__":
    main()
