"""Async loading, step 4: expire_on_commit=False, a read after commit needs no I/O."""

import asyncio
import warnings

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, Relationship, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")


# SQLAlchemy refuses the lazy load after the driver's coroutine was made, and Python
# would warn at exit that it never ran. This one warning is silenced, nothing else.
warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)

sqlite_file_name = "database.db"
engine = create_async_engine(f"sqlite+aiosqlite:///{sqlite_file_name}", echo=True)


async def create_db_and_tables() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)


async def create_teams() -> None:
    async with AsyncSession(engine) as session:
        preventers = Team(name="Preventers", headquarters="Sharp Tower")
        z_force = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
        session.add(Team(name="Avengers", headquarters="Avengers Tower"))
        session.add(Hero(name="Deadpond", secret_name="Dive Wilson", team=z_force))
        session.add(
            Hero(name="Rusty-Man", secret_name="Tommy Sharp", age=48, team=preventers)
        )
        session.add(
            Hero(name="Spider-Boy", secret_name="Pedro Parqueador", team=preventers)
        )
        session.add(Hero(name="Dr. Weird", secret_name="Steve Weird", age=36))
        await session.commit()


async def add_a_hero(name: str, secret_name: str, expire_on_commit: bool) -> None:
    async with AsyncSession(engine, expire_on_commit=expire_on_commit) as session:
        hero = Hero(name=name, secret_name=secret_name)
        session.add(hero)
        await session.commit()
        print(f"Committed {name} with expire_on_commit={expire_on_commit}")
        try:
            print("  id:", hero.id, "name:", hero.name)
        except SQLAlchemyError as error:
            print("  refused:", str(error).splitlines()[0])


async def main() -> None:
    try:
        await create_db_and_tables()
        await create_teams()
        await add_a_hero("Black Lion", "Trevor Challa", expire_on_commit=True)
        await add_a_hero("Princess Sure-E", "Sure-E", expire_on_commit=False)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
