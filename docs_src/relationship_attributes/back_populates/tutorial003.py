"""back_populates, step 3: several relationships on one model, each with its partner."""

from typing import Optional

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str

    heroes: list["Hero"] = Relationship(back_populates="team")


class Weapon(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)

    hero: Optional["Hero"] = Relationship(back_populates="weapon")


class Power(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)

    hero_id: int = Field(foreign_key="hero.id")
    hero: "Hero" = Relationship(back_populates="powers")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")

    weapon_id: int | None = Field(default=None, foreign_key="weapon.id")
    weapon: Weapon | None = Relationship(back_populates="hero")

    powers: list[Power] = Relationship(back_populates="hero")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def equip_a_hero() -> None:
    with Session(engine) as session:
        avengers = Team(name="Avengers", headquarters="Avengers Tower")
        hammer = Weapon(name="Mjolnir")
        thor = Hero(
            name="Thor",
            secret_name="Thor Odinson",
            team=avengers,
            weapon=hammer,
            powers=[Power(name="Lightning"), Power(name="Flight")],
        )
        print("Nothing is saved yet; every back-reference is already filled in:")
        print("  Avengers heroes:", [hero.name for hero in avengers.heroes])
        print("  Mjolnir's hero:", hammer.hero.name)
        print("  Each power's hero:", [power.hero.name for power in thor.powers])

        session.add(thor)
        session.commit()
        session.refresh(thor)
        print("Saved:", thor)
        print("Weapon:", thor.weapon)
        print("Powers:", thor.powers)


def main() -> None:
    create_db_and_tables()
    equip_a_hero()


if __name__ == "__main__":
    main()
