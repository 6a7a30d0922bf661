"""``companion run STEP --on mariadb`` and ``--url mysql+pymysql://...``: a step on MariaDB
from the command line, on a server started for it or on one named by URL, which it never
changes beyond the step's own database; and the pages' "Run it yourself" block."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from typer.testing import CliRunner, Result

from tests.layout import PROJECT
from tutorial_recorder.cli.app import app
from tutorial_recorder.databases.mariadb.server import Server
from tutorial_recorder.site.includes import expand

from .test_cli import PLAIN
from .test_mariadb import session_server

STEP = "create_connected_rows/1"
CLOSING = "nothing else was written."
EMPTY = "learner_empty"


@pytest.fixture(scope="module")
def mariadb() -> Server:
    return session_server()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=PLAIN)


def databases(mariadb: Server) -> set[str]:
    """The server's databases, less those made ahead for the next steps."""
    spares = set(mariadb.spares())
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute("SHOW DATABASES")
        return {name for (name,) in cursor.fetchall()} - spares


@pytest.fixture
def empty(mariadb: Server) -> Iterator[str]:
    """A learner's URL: root on the session's server, naming an empty database."""
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {EMPTY}")
    socket = quote(str(mariadb.socket), safe="/")
    yield f"mysql+pymysql://root:{mariadb.password}@localhost/{EMPTY}?unix_socket={socket}"
    with mariadb.admin() as admin, admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE {EMPTY}")


def test_run_on_mariadb_shows_the_run_and_leaves_nothing(mariadb: Server) -> None:
    before = databases(mariadb)
    result = invoke("run", STEP, "--on", "mariadb")
    assert result.exit_code == 0, result.output
    assert "INSERT INTO team (name, headquarters) VALUES (%(name__0)s" in result.output
    assert result.output.rstrip().endswith(
        "On MariaDB, a server started for this run: the step had a new database and user of "
        f"its own, dropped after the run; {CLOSING}"
    )
    assert databases(mariadb) == before


def test_run_on_a_url_uses_a_database_of_its_own_and_drops_it(mariadb: Server, empty: str) -> None:
    before = databases(mariadb)
    result = invoke("run", STEP, "--url", empty)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(
        f"On MariaDB, the server at --url: the step had a new database of its own, dropped "
        f"after the run; {CLOSING}"
    )
    assert databases(mariadb) == before
    with mariadb.connect(EMPTY) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW TABLES")
        assert cursor.fetchall() == ()


def test_a_url_to_a_database_with_tables_is_refused_before_anything_is_written(
    mariadb: Server, empty: str
) -> None:
    with mariadb.connect(EMPTY) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE customer (id INT PRIMARY KEY)")
        cursor.execute("INSERT INTO customer VALUES (1)")
    before = databases(mariadb)
    result = invoke("run", STEP, "--url", empty)
    assert result.exit_code == 1
    assert (
        f"refused: the database '{EMPTY}' at --url has 1 table(s) ({EMPTY}.customer); name an "
        "empty database, nothing was written"
    ) in result.output
    assert databases(mariadb) == before
    with mariadb.connect(EMPTY) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM customer")
        assert cursor.fetchall() == ((1,),)


def test_a_url_that_names_no_database_is_one_clear_message() -> None:
    result = invoke("run", STEP, "--url", "mysql+pymysql://me@localhost")
    assert result.exit_code == 1
    assert "--url 'mysql+pymysql://me@localhost' names no database: name an empty one" in (
        result.output
    )


def test_the_run_block_gives_the_command_on_mariadb_too() -> None:
    module = "docs_src/relationship_attributes/back_populates/tutorial001.py"
    lines = expand(PROJECT, f"{{* run {module} *}}", "docs/fixture.md").split("\n")
    assert (
        "$ ./scripts/uv run companion run relationship_attributes/back_populates/1 --on mariadb"
        in [line.strip() for line in lines]
    )
    assert "    With `--on mariadb` it runs on a MariaDB server started for the command" in lines
