"""Many links, step 1: three heroes and their teams saved by one commit."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Membership(SQLModel, table=True):
    team_id: int | None = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

    heroes: list["Hero"] = Relationship(back_populates="teams", link_model=Membership)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

    teams: list[Team] = Relationship(back_populates="heroes", link_model=Membership)


engine = create_engine("sqlite:///database.db", echo=True)


def main() -> None:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        first, second, third = Team(name="First"), Team(name="Second"), Team(name="Third")
        session.add_all(
            [
                Hero(name="Ada", teams=[first]),
                Hero(name="Brick", teams=[first, second]),
                Hero(name="Cleo", teams=[first, second, third]),
            ]
        )
        session.commit()
        links = session.exec(select(Membership).order_by(Membership.hero_id)).all()
        print("Links:", [(link.hero_id, link.team_id) for link in links])


if __name__ == "__main__":
    main()
