"""A step on MariaDB has its own user's rights and no more: it cannot become root, read the
``mysql`` schema, enter another step's database, read or write the server's files
(``LOAD DATA``, ``SELECT ... INTO OUTFILE``, ``LOAD_FILE``) or make databases, users and
rights; its database and user are dropped whatever it left; the dump of its database runs
none of its names as SQL.

Each step is a fixture module under ``tests/fixtures/`` recorded on the session's server.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.databases.mariadb.server import Server
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner.recorder import record

from .test_mariadb import MARIADB, session_server

FIXTURES = Path(__file__).parent / "fixtures"
DENIED = "Access denied for user '<own>'@'localhost'"
NO_FILE = "Access denied; you need (at least one of) the FILE privilege(s) for this operation"


@pytest.fixture(scope="module")
def mariadb() -> Server:
    return session_server()


def recorded(name: str) -> Transcript:
    transcript = record(PROJECT, FIXTURES / f"mariadb_{name}.py", on=MARIADB)
    assert transcript.error is None, transcript.error
    return transcript


@pytest.fixture
def other_step(mariadb: Server) -> Iterator[str]:
    """Another step's database, made just before the step under test's, with a table."""
    name = mariadb.new_database()
    with mariadb.connect(name, user=name) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE hero (id INT PRIMARY KEY)")
    mariadb.spares()  # the next one handed out is the step's, made after this one
    yield name
    mariadb.drop(name)


def test_a_step_reaches_nothing_beyond_its_own_database(mariadb: Server, other_step: str) -> None:
    printed = recorded("reaches_beyond_its_database").reading.printed
    assert printed == [
        "root without its password refused: 1045",
        "the mysql schema refused: 1142 SELECT command denied to user '<own>'@'localhost' "
        "for table `mysql`.`user`",
        f"the mysql schema as the current one refused: 1044 {DENIED} to database 'mysql'",
        f"another step's database refused: 1044 {DENIED} to database '<other>'",
        "another step's table refused: 1142 SELECT command denied to user '<own>'@'localhost' "
        "for table `<other>`.`hero`",
        "make a table gave []",
        f"LOAD DATA INFILE refused: 1045 {DENIED} (using password: YES)",
        "LOAD DATA LOCAL INFILE refused: 4166 The used command is not allowed because the "
        "MariaDB server or client has disabled the local infile capability",
        f"SELECT INTO OUTFILE refused: 1227 {NO_FILE}",
        f"SELECT INTO DUMPFILE refused: 1227 {NO_FILE}",
        "LOAD_FILE gave [(None,)]",
        f"a database its name's pattern matches refused: 1044 {DENIED} to database '<x>'",
        "a user refused: 1227 Access denied; you need (at least one of) the CREATE USER "
        "privilege(s) for this operation",
        f"every right refused: 1045 {DENIED} (using password: YES)",
    ]
    assert not Path("/tmp/companion-mariadb-outfile").exists()
    assert not Path("/tmp/companion-mariadb-dumpfile").exists()


def test_a_steps_user_has_every_right_on_its_database_and_none_elsewhere(mariadb: Server) -> None:
    name = mariadb.new_database()
    try:
        with mariadb.admin() as admin, admin.cursor() as cursor:
            cursor.execute(f"SHOW GRANTS FOR `{name}`@`localhost`")
            grants = [grant.split(" IDENTIFIED BY ")[0] for (grant,) in cursor.fetchall()]
    finally:
        mariadb.drop(name)
    escaped = name.replace("_", "\\_")  # `_` in a grant's database name is a wildcard
    assert grants == [
        f"GRANT USAGE ON *.* TO `{name}`@`localhost`",
        f"GRANT ALL PRIVILEGES ON `{escaped}`.* TO `{name}`@`localhost`",
    ]


def test_the_steps_database_and_user_are_dropped_whatever_it_left(mariadb: Server) -> None:
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SHOW DATABASES")
        before = sorted(cursor.fetchall())
    recorded("reaches_beyond_its_database")
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SHOW DATABASES")
        after = sorted(cursor.fetchall())
    assert set(after) <= set(before) | {(name,) for name in mariadb.spares()}
    assert not any("x" in name.rsplit("_", 2)[0][-1:] for (name,) in after)


INJECTED = ["x", "x` ; DROP DATABASE mysql; --", "x\"; SELECT 1 INTO OUTFILE '/tmp/p'; --"]


def test_a_table_named_to_inject_sql_is_dumped_quoted_and_runs_nothing(mariadb: Server) -> None:
    state = recorded("names_a_table_to_inject").state
    loaded = sqlite3.connect(":memory:")
    loaded.executescript(state)
    names = loaded.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert [name for (name,) in names] == sorted(INJECTED)
    for name in INJECTED:
        quoted = '"' + name.replace('"', '""') + '"'
        assert loaded.execute(f"SELECT id FROM {quoted}").fetchall() == [(7,)]
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SHOW DATABASES LIKE 'mysql'")
        assert cursor.fetchall() == (("mysql",),)
    assert not Path("/tmp/p").exists()
