"""The command line, through Typer's test runner: list, run, diff, check and their help."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.layout import POSTGRESQL, PROJECT, ROOT, SQLITE
from tutorial_recorder.cli import checking, checks, running
from tutorial_recorder.cli.app import app
from tutorial_recorder.databases import sqlite as database
from tutorial_recorder.databases.base import Database
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import KINDS, STATE, TRANSCRIPT, Project
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records.labels import KIND_NAMES
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner.recorder import record

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.usefixtures("recorded_once")
PLAIN = {
    "COLUMNS": "200",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

BACK_POPULATES = steps.find(PROJECT, "back_populates/1")
HERE = ("--project", str(ROOT))  # for the tests that run from another folder
ENDS_WITH_AN_ERROR = steps.find(PROJECT, "cascade_delete_relationships/4")


@pytest.fixture
def recorded_once(tutorial_ahead: Ahead, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands record through the suite's cache, so that ``check`` does not record every
    module again; a run on a database file (``--db``) or a URL still records anew."""

    def cached(
        project: Project, module: Path, *, on: Database = SQLITE, **options: object
    ) -> Transcript:
        given = any(value is not None for value in options.values())
        if given or project != PROJECT or on not in (SQLITE, POSTGRESQL):
            return record(project, module, on=on, **options)  # type: ignore[arg-type]
        return tutorial_ahead.recording(module, on)

    for module in (checks, running, checking):
        monkeypatch.setattr(module, "record", cached)


def invoke(*args: str, **env: str | None) -> Result:
    return CliRunner().invoke(app, list(args), env={**PLAIN, **env})


def exits(result: Result, code: int) -> None:
    """The command ended with ``code`` on its own, not by an uncaught exception."""
    assert result.exit_code == code, result.output
    assert code == 0 or isinstance(result.exception, SystemExit), result.exception


def recorded(step: Step, kind: str = TRANSCRIPT, on: Database = SQLITE) -> str:
    return on.record_for(PROJECT, step.module, kind).read_text(encoding="utf-8")


def records_at(
    monkeypatch: pytest.MonkeyPatch,
    moved: dict[tuple[Path, str], Path],
    database: Database = SQLITE,
) -> None:
    """Let the records of some steps on ``database`` be read from ``moved`` instead of
    ``tests/records``."""
    real: Callable[..., Path] = Project.record_for

    def record_for(project: Project, module: Path, kind: str, name: str) -> Path:
        found = moved.get((module.resolve(), kind)) if name == database.name else None
        return found or real(project, module, kind, name)

    monkeypatch.setattr(Project, "record_for", record_for)


def altered_copy(
    tmp_path: Path, step: Step, kind: str, old: str, new: str, on: Database = SQLITE
) -> Path:
    copy = tmp_path / f"record{kind}"
    text = recorded(step, kind, on)
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


# list


def test_list_shows_every_step_with_its_id_title_and_module() -> None:
    result = invoke("list")
    exits(result, 0)
    every = steps.steps(PROJECT)
    for step in every:
        assert f"  {step.id}  " in result.stdout
        assert step.title in result.stdout
        assert step.path in result.stdout
        assert f"{step.group}/{step.chapter}" in result.stdout
    assert f"{len(every)} steps in " in result.stdout


# run


def test_run_shows_sql_printed_lines_and_warnings_and_writes_nothing() -> None:
    result = invoke("run", "back_populates/1")
    exits(result, 0)
    out = result.stdout
    assert out.startswith(
        f"relationship_attributes/back_populates/1  {BACK_POPULATES.title}\n{BACK_POPULATES.path}\n"
    )
    assert "  SQL │ BEGIN (implicit)\n" in out
    assert "      │ CREATE TABLE hero (\n" in out
    reading = record(PROJECT, BACK_POPULATES.module).reading
    first, *others = reading.printed
    assert f"  OUT │ {first}\n" in out
    assert all(f"│ {line}\n" in out for line in others)
    assert f" WARN │ {reading.warnings[0].category}: {reading.warnings[0].text}\n" in out
    assert "ERROR" not in out
    assert "In memory: nothing was written." in out


def test_run_marks_the_error_a_step_ends_with() -> None:
    result = invoke("run", "cascade_delete_relationships/4")
    exits(result, 0)
    assert (
        "ERROR │ sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) "
        "FOREIGN KEY constraint failed\n      │ [SQL: DELETE FROM team WHERE team.id = ?]\n"
    ) in result.stdout
    assert "; ended with sqlalchemy.exc.IntegrityError." in result.stdout


def test_run_names_a_module_that_cannot_be_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    module = FIXTURES / "writes_a_file.py"
    fixture = Step(
        "fixtures/1", "tests", "fixtures", "1", 1, module, "", PROJECT.relative(module), None
    )
    monkeypatch.setattr(steps, "find", lambda project, name: fixture)
    result = invoke("run", "fixtures/1")
    exits(result, 1)
    assert "tests/fixtures/writes_a_file.py wrote files" in result.stderr


def test_run_with_db_writes_the_database_to_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*HERE, "run", "back_populates/1", "--db", "heroes.db")
    exits(result, 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heroes.db"]
    with closing(sqlite3.connect(tmp_path / "heroes.db")) as connection:
        assert database.dump(connection) == recorded(BACK_POPULATES, STATE)
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert {"hero", "team"} <= names
    assert "Database written to heroes.db: hero (3 rows), team (2 rows)." in result.stdout
    assert "  SQL │ BEGIN (implicit)\n" in result.stdout


def test_run_with_db_keeps_an_existing_file_unless_told_to_replace_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "heroes.db"
    with closing(sqlite3.connect(mine)) as connection:
        connection.execute("CREATE TABLE notes (text)")
    learners = mine.read_bytes()
    refused = invoke(*HERE, "run", "back_populates/1", "--db", "heroes.db")
    exits(refused, 2)
    assert "--db heroes.db: the file exists" in refused.stderr
    assert "--replace" in refused.stderr
    assert mine.read_bytes() == learners

    replaced = invoke(*HERE, "run", "back_populates/1", "--db", "heroes.db", "--replace")
    exits(replaced, 0)
    with closing(sqlite3.connect(mine)) as connection:
        assert database.dump(connection) == recorded(BACK_POPULATES, STATE)


def test_replace_without_db_is_a_usage_error() -> None:
    result = invoke("run", "back_populates/1", "--replace")
    exits(result, 2)
    assert "--replace only goes with --db FILE" in result.stderr


def test_run_raw_shows_the_real_terminal_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*HERE, "run", "back_populates/1", "--raw", "--db", "real.db")
    exits(result, 0)
    out = result.stdout
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    assert re.match(rf"{stamp} INFO sqlalchemy\.engine\.Engine BEGIN \(implicit\)\n", out)
    assert re.search(r"\[generated in \d+\.\d+s\]", out)
    fields = record(PROJECT, BACK_POPULATES.module).field_orders
    assert normalise(out, fields, ROOT) == recorded(BACK_POPULATES)
    assert "python docs_src/relationship_attributes/back_populates/tutorial001.py" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.db"]
    with closing(sqlite3.connect(tmp_path / "real.db")) as connection:
        assert database.dump(connection) == recorded(BACK_POPULATES, STATE)


# unknown steps


@pytest.mark.parametrize("command", ["run", "diff"])
def test_an_unknown_step_is_refused_with_the_closest_ids(command: str) -> None:
    result = invoke(command, "back_populate/1")
    exits(result, 2)
    assert "Error: there is no step 'back_populate/1'." in result.stderr
    assert (
        "Did you mean: relationship_attributes/back_populates/1, "
        "relationship_attributes/back_populates/2, relationship_attributes/back_populates/3?"
        in result.stderr
    )
    assert "`companion list` shows every step." in result.stderr
    assert result.stdout == ""


def test_an_unknown_step_far_from_any_id_points_to_list() -> None:
    result = invoke("run", "dragons/7")
    exits(result, 2)
    assert "there is no step 'dragons/7'" in result.stderr
    assert "Did you mean" not in result.stderr
    assert "`companion list` shows every step." in result.stderr


def test_a_step_can_be_named_by_its_module_path() -> None:
    result = invoke("diff", BACK_POPULATES.path, "--on", "sqlite")
    exits(result, 0)
    assert result.stdout.startswith("✓ relationship_attributes/back_populates/1 on SQLite: ")


# diff


def test_diff_of_a_step_that_matches_its_records_exits_0() -> None:
    result = invoke("diff", "back_populates/1", "--on", "sqlite")
    exits(result, 0)
    assert result.stdout == (
        "✓ relationship_attributes/back_populates/1 on SQLite: this run matches its records "
        "(transcript and final "
        "database), which docs/relationship_attributes/back_populates.md shows.\n"
    )


def test_diff_shows_a_changed_transcript_record_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = altered_copy(tmp_path, BACK_POPULATES, TRANSCRIPT, "Spider-Boy", "Spider-Man")
    records_at(monkeypatch, {(BACK_POPULATES.module, TRANSCRIPT): copy})
    result = invoke("diff", "back_populates/1", "--on", "sqlite")
    exits(result, 1)
    assert (
        f"✗ relationship_attributes/back_populates/1 on SQLite: its transcript differs from {copy}:"
        in result.stdout
    )
    assert f"--- {copy} (record)\n+++ {copy} (this run)\n" in result.stdout
    assert re.search(r"^-.*Spider-Man", result.stdout, re.M)
    assert re.search(r"^\+.*Spider-Boy", result.stdout, re.M)
    assert "--inline-snapshot=fix" in result.stdout


def test_diff_shows_a_changed_state_record_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = altered_copy(tmp_path, BACK_POPULATES, STATE, "'Preventers'", "'Avengers'")
    records_at(monkeypatch, {(BACK_POPULATES.module, STATE): copy})
    result = invoke("diff", "back_populates/1", "--on", "sqlite")
    exits(result, 1)
    assert (
        "✗ relationship_attributes/back_populates/1 on SQLite: "
        f"its final database differs from {copy}:" in result.stdout
    )
    assert "transcript differs" not in result.stdout


def test_diff_of_a_step_without_records_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = {(BACK_POPULATES.module, kind): tmp_path / f"none{kind}" for kind in KINDS}
    records_at(monkeypatch, moved)
    result = invoke("diff", "back_populates/1", "--on", "sqlite")
    exits(result, 1)
    assert f"no record of its transcript at {tmp_path / 'none.txt'}" in result.stdout
    assert f"no record of its final database at {tmp_path / 'none.db.sql'}" in result.stdout


def test_diff_all_compares_every_step_and_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two = [BACK_POPULATES, steps.find(PROJECT, "back_populates/2")]
    monkeypatch.setattr(steps, "steps", lambda project, modules=None: two)
    copy = altered_copy(tmp_path, BACK_POPULATES, TRANSCRIPT, "Spider-Boy", "Spider-Man")
    records_at(monkeypatch, {(BACK_POPULATES.module, TRANSCRIPT): copy})
    result = invoke("diff", "--all", "--on", "sqlite")
    exits(result, 1)
    assert (
        "✗ relationship_attributes/back_populates/1 on SQLite: its transcript differs"
        in result.stdout
    )
    assert (
        "✓ relationship_attributes/back_populates/2 on SQLite: this run matches its records"
        in result.stdout
    )
    assert "2 steps on SQLite: 1 match their records, 1 differ." in result.stdout


@pytest.mark.parametrize("args", [[], ["back_populates/1", "--all"]])
def test_diff_takes_one_step_or_all(args: list[str]) -> None:
    result = invoke("diff", *args)
    exits(result, 2)
    assert "Name one STEP, or pass --all" in result.stderr


# check


def test_check_passes_on_the_project_as_it_is() -> None:
    result = invoke("check", "--on", "sqlite")
    exits(result, 0)
    summary = (
        r"^Checked (\d+) steps on SQLite \((\d+) records\) and \d+ pages \(\d+ includes, \d+ SQL"
    )
    counted = re.search(summary, result.stdout, re.M)
    assert counted is not None, result.stdout
    assert int(counted.group(2)) == len(KINDS) * int(counted.group(1)) > 0
    assert "Everything is up to date." in result.stdout


def test_check_names_every_problem_and_shows_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two = [BACK_POPULATES, steps.find(PROJECT, "back_populates/2")]
    monkeypatch.setattr(steps, "steps", lambda project, modules=None: two)
    stale = altered_copy(tmp_path, BACK_POPULATES, STATE, "'Preventers'", "'Avengers'")
    records_at(monkeypatch, {(BACK_POPULATES.module, STATE): stale})
    orphan = tmp_path / "orphan.txt"
    kept = [SQLITE.record_for(PROJECT, step.module, kind) for step in two for kind in KINDS]
    monkeypatch.setattr(Project, "record_files", lambda project: [*kept, orphan])
    page = tmp_path / "broken.md"
    page.write_text("# Broken\n\n{* docs_src/nowhere.py *}\n", encoding="utf-8")
    monkeypatch.setattr(Project, "pages", lambda project: [page])

    result = invoke("check", "--on", "sqlite", FORCE_COLOR="1", NO_COLOR=None)

    exits(result, 1)
    out = ESCAPES.sub("", result.stdout)
    records = 2 * len(KINDS)
    assert (
        f"Checked 2 steps on SQLite ({records} records) and 1 pages (1 includes, 0 SQL blocks)."
        in out
    )
    assert "3 problem(s):" in out
    assert (
        f"✗ relationship_attributes/back_populates/1 on SQLite: {stale}: "
        "the final database differs from a fresh run" in out
    )
    assert f"✗ {orphan}: a record of a module that does not exist" in out
    assert f"✗ {page}:3: docs_src/nowhere.py: no such file" in out
    assert "relationship_attributes/back_populates/2" not in out
    assert "4/4" in ESCAPES.sub("", result.stderr)  # the progress bar, drawn on a terminal


# help


@pytest.mark.parametrize(
    ("command", "mentions"),
    [
        ([], ["list", "run", "diff", "check", "relationship_attributes/back_populates/1", "any"]),
        (["list"], ["id", "title", "module", "Example"]),
        (["run"], ["STEP", "--db", "FILE", "--replace", "--raw", "temporary folder", "Examples"]),
        (["diff"], ["STEP", "--all", "unified diff", "Exits with 1", "Examples"]),
        (["check"], ["progress", "includes", "SQL blocks", "Exits with 1", "Example"]),
    ],
    ids=["companion", "list", "run", "diff", "check"],
)
def test_help_describes_every_command_and_option(command: list[str], mentions: list[str]) -> None:
    result = invoke(*command, "--help")
    exits(result, 0)
    for mention in mentions:
        assert mention in result.stdout, f"{mention!r} is missing from the help"


def test_no_command_shows_the_help() -> None:
    result = invoke()
    assert "Usage: companion" in result.output
    for command in ("list", "run", "diff", "check"):
        assert command in result.output


# other projects


def test_a_folder_outside_any_project_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("list")
    exits(result, 2)
    assert result.stderr.startswith(
        f"Error: no pyproject.toml with a [tool.tutorial-recorder] table in {tmp_path} or any "
        "folder above it."
    )


def test_project_names_a_folder_whose_pyproject_has_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    result = invoke("--project", str(tmp_path), "list")
    exits(result, 2)
    assert (
        f"Error: {tmp_path / 'pyproject.toml'} has no [tool.tutorial-recorder] table."
        in result.stderr
    )


def test_another_tree_lists_and_checks_without_a_crash(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tutorial-recorder]\nmodules = ["src"]\nimported = ["helper.py"]\n', encoding="utf-8"
    )
    chapter = tmp_path / "src" / "heroes"
    chapter.mkdir(parents=True)
    (chapter / "helper.py").write_text("NAME = 'Ada'\n", encoding="utf-8")
    (chapter / "tutorial001_py310.py").write_text(
        '"""Prints a name from its helper."""\n\nfrom helper import NAME\n\nprint(NAME)\n',
        encoding="utf-8",
    )
    (chapter / "broken.py").write_text("def broken(:\n", encoding="utf-8")

    listed = invoke("--project", str(tmp_path), "list")
    exits(listed, 0)
    assert listed.stdout == (
        "heroes\n"
        "  heroes/broken   broken.py\n"
        "                  src/heroes/broken.py\n"
        "  heroes/1_py310  Prints a name from its helper.\n"
        "                  src/heroes/tutorial001_py310.py\n"
        "\n"
        "2 steps in 1 chapters. Run one with `companion run STEP`.\n"
    )
    checked = invoke("--project", str(tmp_path), "check")
    exits(checked, 1)
    problems = [line for line in checked.stdout.splitlines() if line.startswith("✗ ")]
    assert problems[0].startswith("✗ heroes/broken: src/heroes/broken.py does not compile")
    assert problems[1:] == [
        f"✗ heroes/1_py310: tests/records/sqlite/heroes/tutorial001_py310{kind}: "
        f"no record of its {what}"
        for kind, what in KIND_NAMES.items()
    ]
