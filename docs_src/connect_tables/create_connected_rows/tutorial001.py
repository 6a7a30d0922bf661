"""Create connected rows: save the teams first, then heroes that carry a team's id."""

from sqlmodel import Field, Session, SQLModel, create_engine


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_teams_and_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        print("Before saving, the teams have no id:", preventers.id, z_force.id)
        session.add(preventers)
        session.add(z_force)
        session.commit()
        print("Teams saved, ids:", preventers.id, z_force.id)

        deadpond = Hero(name="Deadpond", secret_name="Dive Wilson", team_id=z_force.id)
        rusty_man = Hero(
            name="Rusty-Man", secret_name="Tommy Sharp", age=48, team_id=preventers.id
        )
        spider_boy = Hero(name="Spider-Boy", secret_name="Pedro Parqueador")
        print("Saving the heroes")
        session.add(deadpond)
        session.add(rusty_man)
        session.add(spider_boy)
        session.commit()

        print("Heroes saved:")
        for hero in (deadpond, rusty_man, spider_boy):
            session.refresh(hero)
            print(f"  {hero.name}: id={hero.id} team_id={hero.team_id}")


def main() -> None:
    create_db_and_tables()
    create_teams_and_heroes()


if __name__ == "__main__":
    main()
