"""``companion run STEP --on postgresql`` and ``--url``: a step on PostgreSQL from the command
line, on the suite's server or on one named by URL, which it never changes beyond the step's
own database; and ``diff`` and ``check``, which compare on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from tests.layout import POSTGRESQL, PROJECT
from tutorial_recorder.cli.app import app
from tutorial_recorder.databases.postgresql import PostgreSQL
from tutorial_recorder.databases.postgresql.server import REQUIRE_VARIABLE, Server
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import TRANSCRIPT

from .conftest import Run
from .test_cli import PLAIN, altered_copy, recorded_once, records_at

BACK_POPULATES = steps.find(PROJECT, "back_populates/1")
MATCHES = (
    ": this run matches its records (transcript and final database), which "
    "docs/relationship_attributes/back_populates.md shows.\n"
)

STEP = "connect_tables/create_connected_rows/1"
CLOSING = "the step had a new database of its own, dropped after the run; nothing else was written."


def invoke(*args: str, **env: str | None) -> Result:
    return CliRunner().invoke(app, list(args), env={**PLAIN, **env})


@pytest.fixture
def settled(tutorial_run_postgresql: Run) -> None:
    """Every step's recording on the session's server done: none makes or drops a database
    while a test counts them."""
    for module in PROJECT.modules():
        tutorial_run_postgresql(module)


def databases(postgresql: Server) -> list[str]:
    """The server's databases, less the spares it makes ahead for the steps to come."""
    spares = postgresql.spares()
    with postgresql.connect() as admin:
        found = admin.execute("SELECT datname FROM pg_database ORDER BY datname").fetchall()
    return [name for (name,) in found if name not in spares]


@pytest.fixture
def empty(tutorial_postgresql: Server) -> Iterator[str]:
    """The URL of a new empty database on the suite's server, as a learner's server would be."""
    name = tutorial_postgresql.new_database()
    yield tutorial_postgresql.url(name).replace("postgresql+psycopg://", "postgresql://")
    tutorial_postgresql.drop(name)


def test_run_on_postgresql_shows_the_run_and_leaves_nothing(
    tutorial_postgresql: Server, settled: None
) -> None:
    before = databases(tutorial_postgresql)
    result = invoke("run", STEP, "--on", "postgresql")
    assert result.exit_code == 0, result.output
    assert "SQL │ select pg_catalog.version()" in result.output
    assert "(insertmanyvalues) 1/1 (ordered)" in result.output
    assert "OUT │   Spider-Boy: id=3 team_id=None" in result.output
    assert result.output.rstrip().endswith(
        f"On PostgreSQL, a server started for this run: {CLOSING}"
    )
    assert databases(tutorial_postgresql) == before


def test_run_on_a_url_uses_a_database_of_its_own_and_drops_it(
    tutorial_postgresql: Server, empty: str, settled: None
) -> None:
    before = databases(tutorial_postgresql)
    result = invoke("run", STEP, "--url", empty)
    assert result.exit_code == 0, result.output
    assert "OUT │ Teams saved, ids: 1 2" in result.output
    assert result.output.rstrip().endswith(f"On PostgreSQL, the server at --url: {CLOSING}")
    assert databases(tutorial_postgresql) == before
    name = make_url(empty).database or ""
    with tutorial_postgresql.connect(name) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [(0,)]


def test_a_url_to_a_database_with_tables_is_refused_before_anything_is_written(
    tutorial_postgresql: Server, empty: str, settled: None
) -> None:
    name = make_url(empty).database or ""
    with tutorial_postgresql.connect(name) as connection:
        connection.execute("CREATE TABLE customer (id integer PRIMARY KEY)")
        connection.execute("INSERT INTO customer VALUES (1)")
    before = databases(tutorial_postgresql)
    result = invoke("run", STEP, "--url", empty)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"refused: the database '{name}' at --url has 1 table(s) (public.customer); name an "
        "empty database, nothing was written"
    )
    assert databases(tutorial_postgresql) == before
    with tutorial_postgresql.connect(name) as connection:
        assert connection.execute("SELECT id FROM customer").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "mysql"], "--on takes sqlite or postgresql or mariadb, not 'mysql'."),
        (["--on", "postgresql", "--raw"], "--db and --raw run on SQLite; they do not go with"),
        (["--url", "oracle://db.example/heroes"], "--url must name a PostgreSQL or MariaDB"),
    ],
    ids=["unknown-database", "raw-on-postgresql", "url-of-no-known-database"],
)
def test_bad_database_options_are_one_clear_message(args: list[str], message: str) -> None:
    result = invoke("run", STEP, *args)
    assert result.exit_code in (1, 2)
    assert message in result.output


# diff and check, on both databases (through the suite's recordings: ``recorded_once``)


@pytest.mark.usefixtures(recorded_once.__name__)
def test_diff_compares_a_step_on_both_databases(tutorial_postgresql: Server) -> None:
    result = invoke("diff", "back_populates/1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"✓ relationship_attributes/back_populates/1 on SQLite{MATCHES}"
        f"✓ relationship_attributes/back_populates/1 on PostgreSQL{MATCHES}"
        f"✓ relationship_attributes/back_populates/1 on MariaDB{MATCHES}"
    )


@pytest.mark.usefixtures(recorded_once.__name__)
def test_diff_shows_a_postgresql_record_that_differs(
    tutorial_postgresql: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = altered_copy(
        tmp_path, BACK_POPULATES, TRANSCRIPT, "Spider-Boy", "Spider-Man", POSTGRESQL
    )
    records_at(monkeypatch, {(BACK_POPULATES.module, TRANSCRIPT): copy}, POSTGRESQL)
    result = invoke("diff", "back_populates/1")
    assert result.exit_code == 1, result.output
    assert f"✓ relationship_attributes/back_populates/1 on SQLite{MATCHES}" in result.stdout
    assert (
        "✗ relationship_attributes/back_populates/1 on PostgreSQL: "
        f"its transcript differs from {copy}:" in result.stdout
    )
    assert re.search(r"^-.*Spider-Man", result.stdout, re.M)
    assert re.search(r"^\+.*Spider-Boy", result.stdout, re.M)


@pytest.mark.usefixtures(recorded_once.__name__)
def test_check_covers_both_databases(tutorial_postgresql: Server) -> None:
    result = invoke("check")
    assert result.exit_code == 0, result.output
    count = len(steps.steps(PROJECT))
    assert f"Checked {count} steps on SQLite, PostgreSQL and MariaDB ({count * 3 * 3} records)" in (
        result.stdout
    )
    assert "Everything is up to date." in result.stdout


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine where PostgreSQL's server cannot start."""
    monkeypatch.setattr(PostgreSQL, "unavailable", lambda database: "why")


@pytest.mark.usefixtures(recorded_once.__name__, no_server.__name__)
def test_without_postgresql_diff_compares_on_sqlite_and_says_so() -> None:
    result = invoke("diff", "back_populates/1", **{REQUIRE_VARIABLE: None})
    assert result.exit_code == 0, result.output
    assert result.stderr == "Not compared on PostgreSQL: why\n"
    assert result.stdout == (
        f"✓ relationship_attributes/back_populates/1 on SQLite{MATCHES}"
        f"✓ relationship_attributes/back_populates/1 on MariaDB{MATCHES}"
    )


@pytest.mark.usefixtures(recorded_once.__name__, no_server.__name__)
@pytest.mark.parametrize(
    ("args", "env"),
    [(["--on", "postgresql"], None), ([], "require")],
    ids=["asked-for-by-name", "required"],
)
def test_without_postgresql_a_comparison_that_needs_it_fails(
    args: list[str], env: str | None
) -> None:
    for command in (["diff", "relationship_attributes/back_populates/1"], ["check"]):
        result = invoke(*command, *args, **{REQUIRE_VARIABLE: env})
        assert result.exit_code == 1, result.output
        assert result.stderr == "Cannot run on PostgreSQL: why\n"
        assert result.stdout == ""


def test_diff_and_check_take_only_the_projects_databases() -> None:
    for command in (["diff", "relationship_attributes/back_populates/1"], ["check"]):
        result = invoke(*command, "--on", "mysql")
        assert result.exit_code == 2
        assert (
            "--on takes sqlite or postgresql or mariadb (the project records there), not 'mysql'."
            in (result.stderr)
        )
