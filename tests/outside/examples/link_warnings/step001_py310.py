"""A link made after its hero and guild were saved, never added to the session: the flush
warns once for each side, and the link row is never written."""

from models import Guild, GuildMember, Hero, engine
from sqlmodel import Session, SQLModel

SQLModel.metadata.create_all(engine)
with Session(engine) as session:
    guild = Guild(name="Night Watch")
    hero = Hero(name="Vimes")
    session.add_all([guild, hero])
    session.commit()
    GuildMember(guild=guild, hero=hero)  # linked in memory only
    session.commit()
    links = len(guild.member_links), len(hero.guild_links)
    print("Links in memory:", *links)
