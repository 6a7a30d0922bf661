"""A step on PostgreSQL has its own role's rights and no more: it cannot become the superuser,
reach the server's files or programs, make roles or databases, enter any database but its
own or change what later steps start from; the harness's dump of its database runs none of
its names as SQL; its role and database are dropped whatever it left; and an interrupted
start of the server leaves nothing.

Each step here is a fixture module under ``tests/fixtures/`` recorded on the session's
server; its printed lines say what each attempt gave.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import POSTGRESQL, PROJECT, ROOT
from tutorial_recorder.databases.postgresql.server import Server
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner.recorder import record

from .test_postgresql import alive, postgres_processes_in

FIXTURES = Path(__file__).parent / "fixtures"
NO_PASSWORD = "refused: fe_sendauth: no password supplied"
NO_CONNECT = [
    'refused: FATAL:  permission denied for database "<name>"',
    "DETAIL:  User does not have CONNECT privilege.",
]


def recorded(name: str) -> Transcript:
    transcript = record(PROJECT, FIXTURES / f"postgresql_{name}.py", on=POSTGRESQL)
    assert transcript.error is None, transcript.error
    return transcript


@pytest.fixture
def other_step(tutorial_postgresql: Server) -> Iterator[str]:
    """Another step's database, there while the step under test runs."""
    name = tutorial_postgresql.new_database()
    yield name
    tutorial_postgresql.drop(name)


def test_a_step_cannot_connect_as_the_superuser(tutorial_postgresql: Server) -> None:
    printed = recorded("tries_the_superuser").reading.printed
    assert printed == [
        f"the other databases {NO_PASSWORD}",
        f"a server file {NO_PASSWORD}",
        f"a program {NO_PASSWORD}",
    ]


def test_a_steps_role_reads_no_server_file_runs_no_program_makes_no_role_or_database(
    tutorial_postgresql: Server,
) -> None:
    printed = recorded("reaches_beyond_its_role").reading.printed
    assert printed == [
        "its own powers gave [(False, False, False)]",
        "a server file refused: InsufficientPrivilege permission denied for function pg_read_file",
        "a program refused: InsufficientPrivilege must be superuser or have privileges of the "
        "pg_execute_server_program role to COPY to or from an external program",
        "HINT:  Anyone can COPY to stdout or from stdin. psql's \\copy command also works for "
        "anyone.",
        "a database refused: InsufficientPrivilege permission denied to create database",
        "a role refused: InsufficientPrivilege permission denied to create role",
    ]


def test_a_step_cannot_connect_to_postgres_template1_or_another_steps_database(
    tutorial_postgresql: Server, other_step: str
) -> None:
    printed = recorded("tries_other_databases").reading.printed
    assert printed == [
        "postgres " + NO_CONNECT[0],
        NO_CONNECT[1],
        "template1 " + NO_CONNECT[0],
        NO_CONNECT[1],
        "another step's database " + NO_CONNECT[0],
        NO_CONNECT[1],
    ]


def test_a_step_cannot_change_template1_for_later_steps(tutorial_postgresql: Server) -> None:
    printed = recorded("plants_in_template1").reading.printed
    with tutorial_postgresql.connect("template1") as template:
        planted = template.execute("SELECT relname FROM pg_class WHERE relname = 'planted'")
        assert planted.fetchall() == []
    assert printed == [
        f"the superuser {NO_PASSWORD}",
        'its own role refused: FATAL:  permission denied for database "template1"',
        NO_CONNECT[1],
    ]


INJECTED = [
    "x",
    "x\" ORDER BY lo_export(4242,'PWNED')--",
    "x\";COPY(SELECT 1)TO PROGRAM'>PWNED';--",
]


def test_a_table_named_to_inject_sql_is_dumped_quoted_and_runs_nothing(
    tutorial_postgresql: Server,
) -> None:
    state = recorded("injection_table_name").state
    assert not (tutorial_postgresql.folder / "data" / "PWNED").exists()
    assert 'CREATE TABLE "x"";COPY(SELECT 1)TO PROGRAM\'>PWNED\';--" (\n' in state
    assert 'INSERT INTO "x"";COPY(SELECT 1)TO PROGRAM\'>PWNED\';--" VALUES(7);\n' in state
    assert 'INSERT INTO "x"" ORDER BY lo_export(4242,\'PWNED\')--" VALUES(7);\n' in state
    loaded = sqlite3.connect(":memory:")
    loaded.executescript(state)
    tables = loaded.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert [name for (name,) in tables] == INJECTED
    for name in INJECTED:
        quoted = '"' + name.replace('"', '""') + '"'
        assert loaded.execute(f"SELECT id FROM {quoted}").fetchall() == [(7,)]


def test_a_step_that_locks_itself_out_of_its_database_is_still_dumped(
    tutorial_postgresql: Server,
) -> None:
    transcript = recorded("locks_its_own_door")
    assert transcript.reading.printed == ["locked out"]
    assert transcript.state == (
        "BEGIN TRANSACTION;\nCREATE TABLE kept (\n\tid integer NOT NULL,\n"
        "\tCONSTRAINT kept_pkey PRIMARY KEY (id)\n);\n"
        'INSERT INTO "kept" VALUES(1);\nCOMMIT;\n'
    )


def test_a_step_leaving_temporary_tables_is_dropped(tutorial_postgresql: Server) -> None:
    *printed, role = recorded("leaves_a_temporary_table").reading.printed
    assert printed == [
        'postgres refused: FATAL:  permission denied for database "postgres"',
        "a temporary table left in its own database",
    ]
    assert_dropped(tutorial_postgresql, role.removeprefix("its role: "))


def assert_dropped(postgresql: Server, name: str) -> None:
    """Neither a role nor a database ``name`` is left on the server."""
    with postgresql.connect() as admin:
        role = admin.execute("SELECT FROM pg_roles WHERE rolname = %s", (name,))
        database = admin.execute("SELECT FROM pg_database WHERE datname = %s", (name,))
        assert (role.fetchall(), database.fetchall()) == ([], [])


def test_a_role_that_owns_things_elsewhere_and_has_a_session_open_is_dropped(
    tutorial_postgresql: Server, other_step: str
) -> None:
    """What a step could leave when it could reach other databases (finding 12: a temporary
    table there made ``DROP ROLE`` fail): a table in ``postgres``, a grant on another
    database, and a temporary table there on a session still open."""
    import psycopg

    name = tutorial_postgresql.new_database()
    with tutorial_postgresql.connect() as admin:
        admin.execute("CREATE TABLE owned_elsewhere (id integer)")
        admin.execute(f'ALTER TABLE owned_elsewhere OWNER TO "{name}"')
        admin.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{other_step}" TO "{name}"')
    with tutorial_postgresql.connect(other_step, role=name) as session:
        session.execute("CREATE TEMPORARY TABLE left_behind (id integer)")
        tutorial_postgresql.drop(name)
        with pytest.raises(psycopg.OperationalError, match="terminating connection"):
            session.execute("SELECT 1")
    assert_dropped(tutorial_postgresql, name)
    with tutorial_postgresql.connect() as admin:
        left = admin.execute("SELECT relname FROM pg_class WHERE relname = 'owned_elsewhere'")
        assert left.fetchall() == []


# A process that starts a server in `parent`; the test interrupts it during initdb.
STARTS_IN = """
import signal, sys
from pathlib import Path
from tutorial_recorder.databases.postgresql import server
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal, even
# where the suite itself runs in the background (which ignores SIGINT in its children)
server.start(parent=Path(sys.argv[1]))
print("started", flush=True)
"""


def session_of_initdb(parent: Path, child: subprocess.Popen[str]) -> tuple[int, set[str]]:
    """The process group of the ``initdb`` that ``child`` runs in ``parent`` and the shared
    memory segments in ``/dev/shm`` its backend has mapped, once there are some (read once:
    initdb's backends come and go, so a second look may find none); 60 s at most."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        for _, fields, command in processes():
            if "initdb" in command and str(parent) in command:
                mapped = segments(int(fields[2]))
                if mapped:
                    return int(fields[2]), mapped
    child.kill()
    raise AssertionError(f"no initdb with a segment in /dev/shm: {child.communicate()}")


def processes() -> Iterator[tuple[int, list[str], str]]:
    """Each process's id, its ``stat`` fields after its name, and its command line."""
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue
        yield int(entry.name), fields, command


def members(group: int) -> list[int]:
    return [pid for pid, fields, _ in processes() if int(fields[2]) == group and alive(pid)]


def segments(group: int) -> set[str]:
    """The ``/dev/shm/PostgreSQL.*`` segments the processes of ``group`` have mapped."""
    found = set()
    for pid in members(group):
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        found |= {line.split()[5] for line in maps.splitlines() if "/dev/shm/PostgreSQL." in line}
    return found


@pytest.fixture
def parent() -> Iterator[Path]:
    """A new folder in the temporary folder, for a server's folder: one the server's user
    (``postgres`` under root) may enter, which pytest's ``tmp_path`` is not."""
    made = Path(tempfile.mkdtemp(prefix="interrupted-"))
    made.chmod(0o755)
    yield made
    shutil.rmtree(made)


@pytest.mark.parametrize(
    ("signum", "why"),
    [(signal.SIGINT, "its start was interrupted"), (signal.SIGTERM, "SIGTERM received")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_during_initdb_leaves_no_folder_process_or_shared_memory(
    tutorial_postgresql: Server, parent: Path, signum: signal.Signals, why: str
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", STARTS_IN, str(parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    group, mapped = session_of_initdb(parent, child)
    [folder] = parent.iterdir()
    child.send_signal(signum)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == -signum
    assert stdout == ""
    assert stderr.splitlines()[-1 if signum == signal.SIGTERM else 0] == (
        f"PostgreSQL's server stopped ({why}): nothing of it is left ({folder} removed)"
    )
    assert list(parent.iterdir()) == []
    assert members(group) == []
    assert postgres_processes_in(folder) == []
    assert mapped and [segment for segment in mapped if Path(segment).exists()] == []
