"""Python 3.10 spelling: the step is named the way the SQLModel docs name such variants."""

from sqlmodel import Field, Session, SQLModel, create_engine


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    age: int | None = None


engine = create_engine("sqlite:///database.db", echo=True)
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    hero = Hero(name="Ada", age=36)
    session.add(hero)
    session.commit()
    session.refresh(hero)
    print("Saved", hero.name, "with id", hero.id)
