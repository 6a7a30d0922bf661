"""``companion run``: one step, run as the tests run it (or for real, or on a file or a
server), its transcript shown with SQL highlighted and each kind of line marked.

What the step printed is shown as text, never as orders to the terminal: control characters
(an escape sequence that would set the window's title, a carriage return that would write
over a line) and bidirectional overrides are shown escaped, as Python writes them (``\x1b``).
``--raw`` prints the output as it is, as the step's own terminal would get it.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from tutorial_recorder.cli import dbfile, output
from tutorial_recorder.cli.output import StepArgument
from tutorial_recorder.compare.prose import count
from tutorial_recorder.databases.base import Database, ServerError
from tutorial_recorder.databases.registry import MAIN, UnknownDatabase, given
from tutorial_recorder.project.paths import Project
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records.reading import Reading
from tutorial_recorder.runner import bare, sandbox
from tutorial_recorder.runner.recorder import StepError, record

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(
    ctx: typer.Context,
    step: StepArgument,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FILE",
            help=(
                "Run against the SQLite file FILE instead of an in-memory database, and "
                "keep it, to open afterwards with any SQLite tool. FILE must not exist yet "
                "(see --replace)."
            ),
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="With --db: delete FILE first if it exists."),
    ] = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help=(
                "Show the unnormalised output instead: run `python <module>` for real in a "
                "temporary folder and print its terminal output as it is, timestamps and "
                "timings included."
            ),
        ),
    ] = False,
    on: Annotated[
        str,
        typer.Option(
            "--on",
            metavar="DATABASE",
            help=(
                "sqlite, postgresql or mariadb: run on a server started for this command "
                "(Debian's postgresql or mariadb-server package), in a new database dropped "
                "afterwards."
            ),
        ),
    ] = MAIN.name,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help=(
                "Run on your own PostgreSQL or MariaDB server instead: URL "
                "(postgresql://user@host/db, mysql+pymysql://user@host/db) names an empty "
                "database there; the step runs in a new database of its own, dropped "
                "afterwards. A database with tables is refused."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run one step and show its transcript: SQL highlighted, printed lines set apart,
    warnings and a final error marked.

    The step runs the way the tests run it: in a temporary folder of its own, writing
    nothing where you are. A step that ends with an error (some show one on purpose) still
    exits with 0.

    Examples:

    * `companion run back_populates/1`
    * `companion run back_populates/1 --db heroes.db`
    * `companion run back_populates/1 --raw`
    * `companion run back_populates/1 --on postgresql`
    * `companion run back_populates/1 --on mariadb`
    """
    project = output.project(ctx)
    found = output.find(project, step)
    database = _database(on, url, db, raw)
    if db is not None:
        _prepare_db(db, replace)
    elif replace:
        output.usage_error("--replace only goes with --db FILE.")
    if raw:
        _run_raw(project, found, db)
        return
    try:
        transcript = record(project, found.module, db=db, on=database)
    except (StepError, ServerError) as error:
        output.console(stderr=True).print(Text(shown(str(error)), "red"), soft_wrap=True)
        raise typer.Exit(output.DIFFERENT) from None
    console = output.console()
    _header(console, found)
    reading = transcript.reading
    _show(console, reading)
    console.print()
    console.print(Text(_summary(reading), "dim"), soft_wrap=True)
    console.print(
        Text(f"The step was {sandbox.guarantee().removeprefix('steps ')}.", "dim"), soft_wrap=True
    )
    if database != MAIN:
        console.print(Text(database.run_summary, "dim"), soft_wrap=True)
    elif db is None:
        console.print(
            Text(
                f"In memory: nothing was written. `companion run {found.id} --db FILE` "
                "keeps the database in FILE.",
                "dim",
            ),
            soft_wrap=True,
        )
    else:
        console.print(_db_summary(db), soft_wrap=True)


def _database(on: str, url: str | None, db: Path | None, raw: bool) -> Database:
    """What ``run`` records on: the database ``--on`` names, or the server of ``--url``."""
    try:
        database = output.database(on) if url is None else given(url)
    except UnknownDatabase as error:
        output.usage_error(f"{error}.")
    if database != MAIN and (db is not None or raw):
        output.usage_error(
            f"--db and --raw run on {MAIN.label}; they do not go with --on or --url."
        )
    return database


def _prepare_db(db: Path, replace: bool) -> None:
    try:
        dbfile.prepare(db, replace=replace)
    except dbfile.Refused as refused:
        output.usage_error(str(refused))


def _run_raw(project: Project, step: Step, db: Path | None) -> None:
    err = output.console(stderr=True)
    err.print(
        Text(
            f"{project.python_command(step.module)}, run in a temporary folder; "
            "its output as it is:",
            "dim",
        ),
        soft_wrap=True,
    )
    try:
        real = bare.run(step.module, db=db, root=project.root, limited=project.limits)
    except bare.RunError as error:
        err.print(Text(str(error).replace(str(step.module), step.path, 1), "red"))
        raise typer.Exit(output.DIFFERENT) from None
    typer.echo(real.output, nl=False)
    if db is None:
        return
    if db.is_file():
        err.print(_db_summary(db), soft_wrap=True)
    else:
        names = ", ".join(name for name, _ in real.databases) or "none"
        err.print(Text(f"No database written to {db}: the run left {names}.", "red"))
        raise typer.Exit(output.DIFFERENT)


def shown(text: str) -> str:
    """``text`` with its control characters (but tabs and line ends) escaped."""
    return _CONTROL.sub(lambda found: ascii(found.group(0))[1:-1], text)


def _header(console: Console, step: Step) -> None:
    title = shown(step.title)
    console.print(Text.assemble((step.id, "bold cyan"), "  ", (title, "bold")), soft_wrap=True)
    console.print(Text(step.path, "dim"), soft_wrap=True)
    console.print()


LABELS = {
    "sql": ("SQL", "bold blue"),
    "parameters": ("SQL", "bold blue"),
    "printed": ("OUT", "bold green"),
    "warning": ("WARN", "bold yellow"),
}


def _show(console: Console, reading: Reading) -> None:
    """Each item of the transcript behind a gutter naming its kind at the start of each run."""
    previous = ""
    for item in reading.items:
        label, style = LABELS[item.kind]
        text = shown(item.text)
        if item.kind == "sql":
            lines = _sql(text)
        elif item.kind == "parameters":
            lines = [Text(text, "dim")]
        elif item.kind == "warning":
            lines = [Text(f"{item.category}: {text}", "yellow")]
        else:
            lines = [Text(text, "bold")]
        for line in lines:
            gutter = label if label != previous else ""
            console.print(_gutter(gutter, style) + line, soft_wrap=True)
            previous = label
    if reading.error is not None:
        error = shown(f"{reading.error.type}: {reading.error.message}")
        for number, error_line in enumerate(error.split("\n")):
            console.print(
                _gutter("" if number else "ERROR", "bold red") + Text(error_line, "red"),
                soft_wrap=True,
            )


def _gutter(label: str, style: str) -> Text:
    return Text.assemble((f"{label:>5}", style), (" │ ", "dim"))


def _sql(statement: str) -> list[Text]:
    highlighted = Syntax(statement, "sql", theme="ansi_dark").highlight(statement)
    highlighted.rstrip()
    return list(highlighted.split("\n"))


def _summary(reading: Reading) -> str:
    parts = [
        count(len(reading.statements), "SQL statement"),
        count(len(reading.printed), "printed line"),
        count(len(reading.warnings), "warning"),
    ]
    ending = f"ended with {reading.error.type}" if reading.error else "ended without an error"
    return ", ".join(parts) + f"; {ending}."


def _db_summary(db: Path) -> Text:
    with closing(sqlite3.connect(db)) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        counts = {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    tables = ", ".join(f"{name} ({count(n, 'row')})" for name, n in counts.items()) or "no tables"
    return Text.assemble(
        ("Database written to ", "bold"),
        (str(db), "bold cyan"),
        f": {tables}. Open it with any SQLite tool, for example `sqlite3 {db}`.",
    )
