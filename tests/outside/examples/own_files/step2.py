"""Its URL from the environment: HEROES_DATABASE_URL, or database.db when it is unset."""

import os

from sqlmodel import Field, Session, SQLModel, create_engine


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


url = os.environ.get("HEROES_DATABASE_URL", "sqlite:///database.db")
engine = create_engine(url, echo=True)
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Hero(name="Rusty-Man"))
    session.commit()
    print("Saved Rusty-Man")
