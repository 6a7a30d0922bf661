"""Many links, step 2: both lists without back_populates, two warnings at configuration."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine


class Membership(SQLModel, table=True):
    team_id: int | None = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

    heroes: list["Hero"] = Relationship(link_model=Membership)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

    teams: list[Team] = Relationship(link_model=Membership)


engine = create_engine("sqlite:///database.db", echo=True)


def main() -> None:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        first, second = Team(name="First"), Team(name="Second")
        session.add_all(
            [Hero(name="Ada", teams=[first, second]), Hero(name="Brick", teams=[second])]
        )
        session.commit()
        print("Saved two heroes in two teams")


if __name__ == "__main__":
    main()
