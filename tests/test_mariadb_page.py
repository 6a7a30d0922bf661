"""The generated comparison of SQLite and MariaDB, the page that includes it, and what that
page says of the three databases."""

from __future__ import annotations

from tests.layout import POSTGRESQL, PROJECT, SQLITE
from tutorial_recorder.compare import databases
from tutorial_recorder.databases.mariadb.server import Server
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import STATE, TRANSCRIPT
from tutorial_recorder.records import database, files
from tutorial_recorder.records.reading import Reading
from tutorial_recorder.site import includes

from .test_mariadb import MARIADB, session_server

PAGE = PROJECT.docs / "databases" / "sqlite_and_mariadb.md"
FILE = databases.path(PROJECT, MARIADB)


def test_the_comparison_is_what_the_records_give_under_mariadbs_own_causes() -> None:
    assert FILE.name == "sqlite_and_mariadb.md"
    assert databases.causes_table(PROJECT, MARIADB) == "databases_mariadb"
    assert databases.causes_table(PROJECT, POSTGRESQL) == "databases"
    causes = databases.causes_of(PROJECT, MARIADB)
    assert databases.problems(PROJECT, causes, FILE.read_text("utf-8"), MARIADB) == []
    assert "### Other differences" not in FILE.read_text("utf-8")


def test_the_page_includes_the_comparison() -> None:
    expanded = includes.expand(PROJECT, PAGE.read_text("utf-8"), PROJECT.relative(PAGE))
    assert FILE.read_text(encoding="utf-8") in expanded + "\n"


def _tables(state: str) -> str:
    names = database.query(state, "SELECT name FROM sqlite_master WHERE type = 'table'").rows
    return str({str(name): database.table(state, str(name)).rows for (name,) in names})


def test_every_step_leaves_the_same_rows_on_all_three_and_none_stops_early() -> None:
    for step in steps.steps(PROJECT):
        on = (SQLITE, POSTGRESQL, MARIADB)
        states = {_tables(files.read(d.record_for(PROJECT, step.module, STATE)) or "") for d in on}
        assert len(states) == 1, step.id
        readings = [
            Reading.parse(files.read(d.record_for(PROJECT, step.module, TRANSCRIPT)) or "")
            for d in on
        ]
        assert len({reading.error is None for reading in readings}) == 1, step.id


def test_text_compares_without_regard_to_case_on_mariadb_only() -> None:
    mariadb: Server = session_server()
    name = mariadb.new_database()
    try:
        with mariadb.connect(name, user=name) as connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE hero (name VARCHAR(255))")
            cursor.execute("INSERT INTO hero VALUES ('Deadpond')")
            cursor.execute("SELECT name FROM hero WHERE name = 'deadpond'")
            assert cursor.fetchall() == (("Deadpond",),)
            cursor.execute("SELECT @@collation_database")
            assert cursor.fetchall() == (("utf8mb4_general_ci",),)
    finally:
        mariadb.drop(name)
    on_sqlite = database.query(
        "CREATE TABLE hero (name VARCHAR); INSERT INTO hero VALUES ('Deadpond');",
        "SELECT name FROM hero WHERE name = 'deadpond'",
    )
    assert on_sqlite.rows == []
