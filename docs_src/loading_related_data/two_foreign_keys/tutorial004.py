"""Two foreign keys to team, step 4: joining along a relationship names the column."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(
        back_populates="team",
        sa_relationship_kwargs={"foreign_keys": "[Hero.team_id]"},
    )


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(
        back_populates="heroes",
        sa_relationship_kwargs={"foreign_keys": "[Hero.team_id]"},
    )

    former_team_id: int | None = Field(default=None, foreign_key="team.id")
    former_team: Team | None = Relationship(
        sa_relationship_kwargs={"foreign_keys": "[Hero.former_team_id]"},
    )


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_heroes() -> None:
    with Session(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(
            Hero(
                name="Deadpond",
                secret_name="Dive Wilson",
                team=preventers,
                former_team=z_force,
            )
        )
        session.add(Hero(name="Rusty-Man", secret_name="Tommy Sharp", team=preventers))
        session.commit()


def heroes_of_the_preventers() -> None:
    with Session(engine) as session:
        print("Joining along Hero.team:")
        statement = select(Hero).join(Hero.team).where(Team.name == "Preventers")
        heroes = session.exec(statement).all()
        print("The Preventers' heroes:", [hero.name for hero in heroes])
        print("Joining along Hero.former_team:")
        statement = select(Hero).join(Hero.former_team).where(Team.name == "Z-Force")
        heroes = session.exec(statement).all()
        print("Z-Force's former heroes:", [hero.name for hero in heroes])


def main() -> None:
    create_db_and_tables()
    create_heroes()
    heroes_of_the_preventers()


if __name__ == "__main__":
    main()
