"""Shared by the steps of this chapter: the engine and a model. Never run on its own."""

from sqlmodel import Field, SQLModel, create_engine


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


def make_engine():
    return create_engine("sqlite:///database.db", echo=True)
