"""Its own file name: the database is heroes.db, not database.db."""

from sqlmodel import Field, Session, SQLModel, create_engine, select


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


engine = create_engine("sqlite:///heroes.db", echo=True)
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Hero(name="Deadpond"))
    session.commit()
    print("Heroes in heroes.db:", [hero.name for hero in session.exec(select(Hero))])
