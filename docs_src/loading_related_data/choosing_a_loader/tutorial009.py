"""Choosing a loader, step 9: teams, heroes, powers: lazily, then chained options."""

from sqlalchemy.orm import joinedload, selectinload
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
    powers: list["Power"] = Relationship(back_populates="hero")


class Power(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

    hero_id: int | None = Field(default=None, foreign_key="hero.id")
    hero: Hero | None = Relationship(back_populates="powers")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_teams() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(Team(name="Avengers", headquarters="Avengers Tower"))
        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force)
        rusty_man = Hero(
            name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers
        )
        spider_boy = Hero(
            name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers
        )
        session.add(Power(name="Healing", hero=deadpond))
        session.add(Power(name="Flight", hero=rusty_man))
        session.add(Power(name="Armor", hero=rusty_man))
        session.add(Power(name="Wall climbing", hero=spider_boy))
        session.add(Hero(name="Dr. Weird", secret_name="Steve Weird", age=36))
        session.commit()


def print_teams(teams: list[Team]) -> None:
    for team in teams:
        print(" ", team.name)
        for hero in team.heroes:
            print("   ", hero.name, [power.name for power in hero.powers])
    print(f"Listed teams: {len(teams)}")


def list_teams_lazily() -> None:
    with Session(engine) as session:
        print("Listing the teams, their heroes and powers, lazily:")
        print_teams(list(session.exec(select(Team)).all()))


def list_teams_with_selectinload() -> None:
    with Session(engine) as session:
        print("Listing the teams, their heroes and powers, selectinload chained:")
        option = selectinload(Team.heroes).selectinload(Hero.powers)
        print_teams(list(session.exec(select(Team).options(option)).all()))


def list_teams_with_joinedload() -> None:
    with Session(engine) as session:
        print("Listing the teams, their heroes and powers, joinedload chained:")
        option = joinedload(Team.heroes).joinedload(Hero.powers)
        print_teams(list(session.exec(select(Team).options(option)).unique().all()))


def main() -> None:
    create_db_and_tables()
    create_teams()
    list_teams_lazily()
    list_teams_with_selectinload()
    list_teams_with_joinedload()


if __name__ == "__main__":
    main()
