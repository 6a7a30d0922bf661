"""The SQL shapes the claims of the choosing a loader page compare, written once, and how a
recorded run is cut into the sections those claims read."""

from __future__ import annotations

import re

from tutorial_recorder.testing import Error, Reading

BEGIN = "BEGIN (implicit)"
HEROES = "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id\nFROM hero"
TEAMS = "SELECT team.id, team.name, team.headquarters\nFROM team"
HEROES_OF_A_TEAM = f"{HEROES}\nWHERE ? = hero.team_id"
JOINED_TEAM = (
    "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id, "
    "team_1.id AS id_1, team_1.name AS name_1, team_1.headquarters\n"
    "FROM hero LEFT OUTER JOIN team AS team_1 ON team_1.id = hero.team_id"
)
HEROES_OF_THE_TEAMS = (
    "SELECT hero.team_id, hero.id, hero.name, hero.secret_name, hero.age\nFROM hero\n"
    "WHERE hero.team_id IN "
)
POWERS_OF_A_HERO = "SELECT power.id, power.name, power.hero_id\nFROM power\nWHERE ? = power.hero_id"
_PLACEHOLDER = re.compile(r"%\(\w+\)s(::\w+)?")


def plain(statements: list[str]) -> list[str]:
    """The statements with every bound parameter written ``?``, as SQLite's driver writes it
    and PostgreSQL's and MariaDB's do not (``%(name)s``, ``::TYPE`` on PostgreSQL), and a
    join written ``JOIN``, as SQLite and PostgreSQL write it and MySQL's dialect writes
    ``INNER JOIN`` (the same join): the SQL shape every database receives."""
    return [
        _PLACEHOLDER.sub("?", statement).replace(" INNER JOIN ", " JOIN ")
        for statement in statements
    ]


def after(reading: Reading, title: str) -> Reading:
    """What ``reading`` holds after its printed line ``title``, where the markers of
    ``between`` are looked for again (a team's name is printed by several sections)."""
    [start] = [i for i, it in enumerate(reading.items) if it.kind == "printed" and it.text == title]
    return Reading(reading.items[start + 1 :], reading.error)


def unordered(line: str) -> str:
    """A printed hero line with its list of powers sorted; other lines as they are."""
    name, bracket, powers = line.partition(" [")
    return f"{name}{bracket}{sorted(powers.rstrip(']').split(', '))}" if bracket else line


def ending(reading: Reading, title: str) -> tuple[list[str], Error | None]:
    """For a run whose last printed line is ``title``: what it sent after that line (as
    ``plain`` writes it) and the error it ended with."""
    assert reading.printed[-1] == title
    return plain([sent.statement for sent in reading.sent(after=title)]), reading.error
