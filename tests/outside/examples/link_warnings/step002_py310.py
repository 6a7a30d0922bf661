"""The same link added to the session: one row, and no warning."""

from sqlmodel import Field, Relationship, Session, SQLModel, create_engine, select


class Guild(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    member_links: list["GuildMember"] = Relationship(back_populates="guild")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    guild_links: list["GuildMember"] = Relationship(back_populates="hero")


class GuildMember(SQLModel, table=True):
    guild_id: int | None = Field(default=None, foreign_key="guild.id", primary_key=True)
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)
    guild: Guild = Relationship(back_populates="member_links")
    hero: Hero = Relationship(back_populates="guild_links")


engine = create_engine("sqlite:///database.db", echo=True)


def main() -> None:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        guild, hero = Guild(name="Night Watch"), Hero(name="Vimes")
        session.add(GuildMember(guild=guild, hero=hero))
        session.commit()
        link = session.exec(select(GuildMember)).one()
        print("Link:", link)


if __name__ == "__main__":
    main()
