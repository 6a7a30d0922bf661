"""Its own engine arguments: a pool class and connection arguments of its own."""

from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel, create_engine


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


engine = create_engine(
    "sqlite:///database.db",
    echo=True,
    connect_args={"check_same_thread": False},
    poolclass=StaticPool,
)
SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    session.add(Hero(name="Ada"))
    session.commit()
    print("Saved with a StaticPool")
