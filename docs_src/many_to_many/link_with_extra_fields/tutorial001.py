"""Many-to-many, step 4: the link becomes a model of its own, with an extra field."""

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


def describe(hero: Hero) -> str:
    teams = [
        f"{link.team.name} (training: {link.is_training})" for link in hero.team_links
    ]
    return f"{hero.name}: {', '.join(teams)}"


def create_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson")
        rusty_man = Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48)
        spider_boy = Hero(name="Spider-Boy", secret_name="Pedro Parqueador")

        links = [
            HeroTeamLink(team=z_force, hero=deadpond),
            HeroTeamLink(team=preventers, hero=deadpond, is_training=True),
            HeroTeamLink(team=preventers, hero=rusty_man),
            HeroTeamLink(team=preventers, hero=spider_boy, is_training=True),
        ]
        print("Deadpond's links before saving:", len(deadpond.team_links))
        session.add_all(links)
        print("Committing four links; their heroes and teams come along")
        session.commit()
        print("Committed")
        for hero in (deadpond, rusty_man, spider_boy):
            print("Created", describe(hero))


def spider_boy_finishes_training() -> None:
    with Session(engine) as session:
        spider_boy = session.exec(select(Hero).where(Hero.name == "Spider-Boy")).one()
        print("Before:", describe(spider_boy))
        for link in spider_boy.team_links:
            if link.team.name == "Preventers":
                pair = f"team_id={link.team_id} hero_id={link.hero_id}"
                print("Flipping is_training of the link", pair)
                link.is_training = False
        session.commit()
        print("Flipped and committed")


def show_heroes() -> None:
    with Session(engine) as session:
        heroes = session.exec(select(Hero).order_by(Hero.id)).all()
        print("Read back in a new session:")
        for hero in heroes:
            print(" ", describe(hero))


def main() -> None:
    create_db_and_tables()
    create_heroes()
    spider_boy_finishes_training()
    show_heroes()


if __name__ == "__main__":
    main()
