"""The same link given to the session: one row, and no warning."""

from models import Guild, GuildMember, Hero, engine
from sqlmodel import Session, SQLModel, select


def main() -> None:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        link = GuildMember(guild=Guild(name="Night Watch"), hero=Hero(name="Vimes"))
        session.add(link)
        session.commit()
        print("Link:", session.exec(select(GuildMember)).one())


if __name__ == "__main__":
    main()
