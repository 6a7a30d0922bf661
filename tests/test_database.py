"""The database dump: rows in primary-key order, whatever order they were inserted in."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from tutorial_recorder.databases import sqlite
from tutorial_recorder.records import database

SCHEMA = """
CREATE TABLE link (team_id INTEGER NOT NULL, hero_id INTEGER NOT NULL,
  PRIMARY KEY (hero_id, team_id));
CREATE TABLE "odd ""name" (code TEXT PRIMARY KEY, n INTEGER);
CREATE TABLE plain (x TEXT);
"""


def _dump(*rows: str) -> str:
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.executescript(SCHEMA + "".join(rows))
        return sqlite.dump(connection)


def test_rows_are_dumped_in_primary_key_order_whatever_the_insert_order() -> None:
    one = _dump(
        "INSERT INTO link VALUES (2, 1), (1, 3), (1, 1);",
        "INSERT INTO \"odd \"\"name\" VALUES ('b', 1), ('it''s', 3), ('a', 2);",
        "INSERT INTO plain VALUES ('z'), ('y');",
    )
    other = _dump(
        "INSERT INTO link VALUES (1, 1), (1, 3), (2, 1);",
        "INSERT INTO \"odd \"\"name\" VALUES ('it''s', 3), ('a', 2), ('b', 1);",
        "INSERT INTO plain VALUES ('z'), ('y');",
    )
    assert one == other
    assert [line for line in one.splitlines() if line.startswith("INSERT")] == [
        'INSERT INTO "link" VALUES(1,1);',
        'INSERT INTO "link" VALUES(2,1);',
        'INSERT INTO "link" VALUES(1,3);',
        'INSERT INTO "odd ""name" VALUES(\'a\',2);',
        'INSERT INTO "odd ""name" VALUES(\'b\',1);',
        "INSERT INTO \"odd \"\"name\" VALUES('it''s',3);",
        "INSERT INTO \"plain\" VALUES('z');",
        "INSERT INTO \"plain\" VALUES('y');",
    ]


def test_a_dump_loads_back_into_the_same_dump() -> None:
    dumped = _dump("INSERT INTO link VALUES (2, 1), (1, 3);", "INSERT INTO plain VALUES (NULL);")
    with closing(database.load(dumped)) as copy:
        assert sqlite.dump(copy) == dumped
