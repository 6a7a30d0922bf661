"""A package chapter: the step imports its models relatively, run as python -m."""

from sqlmodel import Session, SQLModel, create_engine

from .models import Hero

engine = create_engine("sqlite:///database.db", echo=True)
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Hero(name="Ada"))
    session.commit()
    print("Saved in package", __package__)
