"""Create connected tables: hero.team_id is a foreign key that points at team.id."""

from sqlmodel import Field, SQLModel, create_engine


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)

    team_id: int | None = Field(default=None, foreign_key="team.id")


sqlite_file_name = "database.db"
engine = create_engine(f"sqlite:///{sqlite_file_name}", echo=True)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


def show_foreign_keys() -> None:
    for key in Hero.__table__.foreign_keys:
        print(f"Foreign key: hero.{key.parent.name} -> {key.target_fullname}")


def main() -> None:
    print("Creating the tables")
    create_db_and_tables()
    print("Tables created:", sorted(SQLModel.metadata.tables))
    show_foreign_keys()


if __name__ == "__main__":
    main()
