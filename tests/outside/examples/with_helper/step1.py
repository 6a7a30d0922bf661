"""With a helper: the model and the engine come from a sibling module."""

from helpers import Hero, make_engine
from sqlmodel import Session, SQLModel, select

engine = make_engine()
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Hero(name="Ada"))
    session.commit()
    print("Heroes:", [hero.name for hero in session.exec(select(Hero)).all()])
