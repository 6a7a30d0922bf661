"""The models of the chapter: a guild membership, with a relationship to each side, and
the guilds and heroes it links."""

from sqlmodel import Field, Relationship, SQLModel, create_engine


class GuildMember(SQLModel, table=True):
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)
    hero: "Hero" = Relationship(back_populates="guild_links")
    guild_id: int | None = Field(default=None, foreign_key="guild.id", primary_key=True)
    guild: "Guild" = Relationship(back_populates="member_links")


class Guild(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    member_links: list[GuildMember] = Relationship(back_populates="guild")
    name: str
    motto: str | None = None


class Hero(SQLModel, table=True):
    guild_links: list[GuildMember] = Relationship(back_populates="hero")
    id: int | None = Field(default=None, primary_key=True)
    name: str


engine = create_engine("sqlite:///database.db", echo=True)
