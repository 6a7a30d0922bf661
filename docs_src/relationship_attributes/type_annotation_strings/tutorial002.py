"""Type annotation strings, step 2: "Hero | None" as one string is no class name."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine


class Weapon(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)

    hero: "Hero | None" = Relationship(back_populates="weapon")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str

    weapon_id: int | None = Field(default=None, foreign_key="weapon.id")
    weapon: Weapon | None = Relationship(back_populates="hero")


print("Both classes are defined")

sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def create_a_weapon() -> None:
    print("Creating the first Weapon object")
    with Session(engine) as session:
        session.add(Weapon(name="Mjolnir"))
        session.commit()
    print("Never printed: the models cannot be set up")


def main() -> None:
    create_db_and_tables()
    create_a_weapon()


if __name__ == "__main__":
    main()
