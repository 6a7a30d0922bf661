"""The command line: ``companion list``, ``run``, ``diff`` and ``check``.

Only command-line work happens here: arguments, what is shown, exit codes. Steps are found
by ``companion.project.steps``, run by ``companion.runner.recorder`` (in memory, or on a file with
``--db``) and ``companion.runner.bare`` (``--raw``), and compared by ``companion.cli.checks``.

The project is the closest ``pyproject.toml`` with a ``[tool.companion]`` table from the
current folder upwards; ``companion --project DIR`` names another
(``companion.project.config``).

Exit codes: 0 when all is well, 1 when a run differs from its records or a check finds a
problem, 2 for a usage error such as a step that does not exist.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import closing
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.syntax import Syntax
from rich.text import Text

from companion.cli import checks, dbfile
from companion.postgres import server
from companion.postgres.server import ServerError
from companion.project import config, paths, steps
from companion.project.steps import Step, UnknownStep
from companion.records.reading import Reading
from companion.runner import bare
from companion.runner.cores import cores
from companion.runner.recorder import StepError, record

DIFFERENT = 1
USAGE = 2

ON_HELP = (
    "sqlite or postgresql: compare the runs on that database only. By default, every "
    "database the project records on; PostgreSQL runs on a server started for this command "
    "(Debian's postgresql package), each step in a new database dropped afterwards."
)

app = typer.Typer(
    name="companion",
    help=(
        "Run the tutorial's steps and compare them with their records, the output the "
        "docs pages show.\n\n"
        "A step is one module of the project's modules folders (docs_src/ unless its "
        "pyproject.toml says otherwise), named by a short id such as back_populates/1 "
        "(`companion list` shows them all)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


@app.callback()
def project(
    folder: Annotated[
        Path | None,
        typer.Option(
            "--project",
            metavar="DIR",
            help=(
                "The project to work on: the folder of its pyproject.toml, which has a "
                "[tool.companion] table. By default, the closest such pyproject.toml from "
                "the current folder upwards."
            ),
            file_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find the project before any command runs."""
    try:
        paths.use(config.find(Path.cwd()) if folder is None else config.load(folder))
    except config.ConfigError as error:
        _usage_error(str(error))


StepArgument = Annotated[
    str,
    typer.Argument(
        metavar="STEP",
        help="A step id from `companion list`, such as back_populates/1.",
        show_default=False,
    ),
]


@app.command("list")
def list_steps() -> None:
    """List every chapter and its steps: the step's id, its title and its module.

    Example:

    * `companion list`
    """
    console = _console()
    chapters: dict[str, list[Step]] = {}
    for step in steps.steps():
        chapters.setdefault(step.folder, []).append(step)
    for folder, found in chapters.items():
        header = Text.assemble((folder, "bold"))
        page = found[0].page
        if page is not None:
            header.append(f"  page: {paths.relative(page)}", "dim")
        console.print(header, soft_wrap=True)
        width = max(len(step.id) for step in found)
        for step in found:
            console.print(
                Text.assemble("  ", (step.id.ljust(width), "bold cyan"), "  ", step.title),
                soft_wrap=True,
            )
            console.print(Text(f"  {' ' * width}  {step.path}", "dim"), soft_wrap=True)
        console.print()
    total = sum(len(found) for found in chapters.values())
    console.print(
        f"{total} steps in {len(chapters)} chapters. Run one with `companion run STEP`.",
        soft_wrap=True,
    )


@app.command()
def run(
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
                "sqlite, or postgresql: run on a PostgreSQL server started for this command "
                "(Debian's postgresql package), in a new database dropped afterwards."
            ),
        ),
    ] = paths.SQLITE,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help=(
                "Run on your own PostgreSQL server instead: URL (postgresql://user@host/db) "
                "names an empty database there; the step runs in a new database of its own, "
                "dropped afterwards. A database with tables is refused."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run one step and show its transcript: SQL highlighted, printed lines set apart,
    warnings and a final error marked.

    The step runs the way the tests run it: in memory, writing nothing. A step that ends
    with an error (some show one on purpose) still exits with 0.

    Examples:

    * `companion run back_populates/1`
    * `companion run back_populates/1 --db heroes.db`
    * `companion run back_populates/1 --raw`
    * `companion run back_populates/1 --on postgresql`
    """
    found = _find(step)
    database = _database(on, url, db, raw)
    if db is not None:
        _prepare_db(db, replace)
    elif replace:
        _usage_error("--replace only goes with --db FILE.")
    if raw:
        _run_raw(found, db)
        return
    try:
        transcript = (
            record(found.module, db=db)
            if database == paths.SQLITE
            else record(found.module, on=database)
        )
    except (StepError, ServerError) as error:
        _console(stderr=True).print(Text(str(error), "red"), soft_wrap=True)
        raise typer.Exit(DIFFERENT) from None
    console = _console()
    _header(console, found)
    reading = Reading.parse(transcript.text)
    _show(console, reading)
    console.print()
    console.print(Text(_summary(reading), "dim"), soft_wrap=True)
    if database != paths.SQLITE:
        console.print(_postgresql_summary(database), soft_wrap=True)
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


@app.command()
def diff(
    step: Annotated[
        str | None,
        typer.Argument(
            metavar="STEP",
            help="A step id from `companion list`, such as back_populates/1; none with --all.",
            show_default=False,
        ),
    ] = None,
    all_steps: Annotated[
        bool, typer.Option("--all", help="Compare every step instead of one.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATABASE", help=ON_HELP, show_default=False),
    ] = None,
) -> None:
    """Compare a fresh run of a step with its records and show any difference.

    The records are the transcript and the final database that the docs pages show, of a
    run on each database the project records on (SQLite, and PostgreSQL on a server started
    for this command where the project records there too). A difference is shown as a
    unified diff from the record to this run. Exits with 1 if anything differs, 0 if the
    run matches its records.

    Examples:

    * `companion diff back_populates/1`
    * `companion diff --all`
    * `companion diff back_populates/1 --on sqlite`
    """
    if (step is None) == (not all_steps):
        _usage_error("Name one STEP, or pass --all (not both).")
    chosen = steps.steps() if all_steps else [_find(step or "")]
    databases = _compared_on(on)
    console = _console()
    runs = [(found, database) for found in chosen for database in databases]
    differing = sum(not _diff_one(console, found, database) for found, database in runs)
    if all_steps:
        console.print()
        runs_of = f" ({len(runs)} runs)" if len(databases) > 1 else ""
        console.print(
            f"{len(chosen)} steps{_on_which(databases)}{runs_of}: "
            f"{len(runs) - differing} match their records, {differing} differ.",
            soft_wrap=True,
        )
    if differing:
        console.print(
            Text(f"If a change is intended, accept it with `{paths.current().accept}`.", "dim"),
            soft_wrap=True,
        )
        raise typer.Exit(DIFFERENT)


@app.command()
def check(
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATABASE", help=ON_HELP, show_default=False),
    ] = None,
) -> None:
    """Check that everything is up to date, in one quick command: every step's records
    against a fresh in-memory run (and a run on PostgreSQL where the project records there
    too), no record without its module, and every docs page's includes and SQL blocks.

    Shows a progress bar, then each problem by name. Exits with 1 if there is any problem.

    Examples:

    * `companion check`
    * `companion check --on sqlite`
    """
    every = steps.steps()
    pages = paths.pages()
    databases = _compared_on(on)
    runs = [(step, database) for step in every for database in databases]
    problems: list[checks.Problem] = []
    with Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task("Checking", total=len(runs) + len(pages) + 1)
        progress.update(task, description=f"run {len(runs)} steps, side by side")
        with ThreadPoolExecutor(cores()) as pool:  # each thread waits on a step's process
            started = [pool.submit(checks.step_problems, *run) for run in runs]
            for _done in as_completed(started):
                progress.advance(task)
        problems += [problem for future in started for problem in future.result()]
        progress.update(task, description="records without a module")
        problems += checks.orphan_problems(every)
        progress.advance(task)
        for page in pages:
            progress.update(task, description=f"page {paths.relative(page)}")
            problems += checks.page_problems(page)
            progress.advance(task)
    console = _console()
    counted = [checks.blocks(page) for page in pages]
    console.print(
        f"Checked {len(every)} steps{_on_which(databases)} ({len(runs) * len(paths.KINDS)} "
        "records) and "
        f"{len(pages)} pages ({sum(c.includes for c in counted)} includes, "
        f"{sum(c.sql for c in counted)} SQL blocks).",
        soft_wrap=True,
    )
    if not problems:
        console.print(Text("Everything is up to date.", "bold green"), soft_wrap=True)
        return
    console.print(Text(f"{len(problems)} problem(s):", "bold red"), soft_wrap=True)
    for problem in problems:
        console.print(
            Text.assemble(("✗ ", "red"), (problem.where, "bold"), f": {problem.message}"),
            soft_wrap=True,
        )
    console.print(
        Text(
            f"`companion diff STEP` shows a step's difference; `{paths.current().accept}` "
            "accepts intended changes.",
            "dim",
        ),
        soft_wrap=True,
    )
    raise typer.Exit(DIFFERENT)


def _console(*, stderr: bool = False) -> Console:
    """A console on the stream of this moment, which a running module's capture cannot move."""
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False)


def _usage_error(message: str, hints: Iterable[str] = ()) -> NoReturn:
    console = _console(stderr=True)
    console.print(Text.assemble(("Error: ", "bold red"), message), soft_wrap=True)
    for hint in hints:
        console.print(hint, soft_wrap=True, markup=False)
    raise typer.Exit(USAGE)


def _find(name: str) -> Step:
    try:
        return steps.find(name)
    except UnknownStep as error:
        hints = [f"Did you mean: {', '.join(error.suggestions)}?"] if error.suggestions else []
        _usage_error(f"there is no step {name!r}.", [*hints, "`companion list` shows every step."])


def _database(on: str, url: str | None, db: Path | None, raw: bool) -> str:
    """What ``run`` records on: ``sqlite``, ``postgresql`` or the URL of ``--url``."""
    if on not in paths.DATABASES:
        _usage_error(f"--on takes {' or '.join(paths.DATABASES)}, not {on!r}.")
    database = url if url is not None else on
    if database != paths.SQLITE and (db is not None or raw):
        _usage_error("--db and --raw run on SQLite; they do not go with --on postgresql or --url.")
    return database


def _compared_on(on: str | None) -> list[str]:
    """The databases ``diff`` and ``check`` run on: ``--on``, or every one the project
    records on. PostgreSQL's server not starting leaves it out with a note, unless it was
    asked for by name or is required (``COMPANION_POSTGRESQL=require``): then it is a
    failure."""
    recorded = list(paths.databases())
    if on is not None and on not in recorded:
        _usage_error(f"--on takes {' or '.join(recorded)} (the project records there), not {on!r}.")
    compared = []
    for database in recorded if on is None else [on]:
        reason = checks.unavailable(database)
        if reason is None:
            compared.append(database)
        elif on is not None or server.required():
            _console(stderr=True).print(
                Text(f"Cannot run on PostgreSQL: {reason}", "red"), soft_wrap=True
            )
            raise typer.Exit(DIFFERENT)
        else:
            _console(stderr=True).print(
                Text(f"Not compared on PostgreSQL: {reason}", "yellow"), soft_wrap=True
            )
    return compared


def _on_which(databases: list[str]) -> str:
    """`` on SQLite and PostgreSQL``, when the project records on more than one database."""
    if len(paths.databases()) == 1:
        return ""
    return " on " + " and ".join(checks.NAMES[database] for database in databases)


def _postgresql_summary(database: str) -> Text:
    where = (
        "a server started for this run" if database == paths.POSTGRESQL else "the server at --url"
    )
    return Text(
        f"On PostgreSQL, {where}: the step had a new database of its own, dropped after the "
        "run; nothing else was written.",
        "dim",
    )


def _prepare_db(db: Path, replace: bool) -> None:
    try:
        dbfile.prepare(db, replace=replace)
    except dbfile.Refused as refused:
        _usage_error(str(refused))


def _run_raw(step: Step, db: Path | None) -> None:
    err = _console(stderr=True)
    err.print(
        Text(
            f"{paths.python_command(step.module)}, run in a temporary folder; its output as it is:",
            "dim",
        ),
        soft_wrap=True,
    )
    try:
        real = bare.run(step.module, db=db)
    except subprocess.TimeoutExpired:
        err.print(Text(f"{step.path} did not finish within {bare.TIME_LIMIT:g} s.", "red"))
        raise typer.Exit(DIFFERENT) from None
    typer.echo(real.output, nl=False)
    if db is not None:
        err.print(_db_summary(db), soft_wrap=True)


def _header(console: Console, step: Step) -> None:
    console.print(Text.assemble((step.id, "bold cyan"), "  ", (step.title, "bold")), soft_wrap=True)
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
        if item.kind == "sql":
            lines = _sql(item.text)
        elif item.kind == "parameters":
            lines = [Text(item.text, "dim")]
        elif item.kind == "warning":
            lines = [Text(f"{item.category}: {item.text}", "yellow")]
        else:
            lines = [Text(item.text, "bold")]
        for line in lines:
            shown = label if label != previous else ""
            console.print(_gutter(shown, style) + line, soft_wrap=True)
            previous = label
    if reading.error is not None:
        error = f"{reading.error.type}: {reading.error.message}"
        for number, line in enumerate(error.splitlines()):
            console.print(
                _gutter("" if number else "ERROR", "bold red") + Text(line, "red"), soft_wrap=True
            )


def _gutter(label: str, style: str) -> Text:
    return Text.assemble((f"{label:>5}", style), (" │ ", "dim"))


def _sql(statement: str) -> list[Text]:
    highlighted = Syntax(statement, "sql", theme="ansi_dark").highlight(statement)
    highlighted.rstrip()
    return highlighted.split("\n")


def _summary(reading: Reading) -> str:
    parts = [
        _count(len(reading.statements), "SQL statement"),
        _count(len(reading.printed), "printed line"),
        _count(len(reading.warnings), "warning"),
    ]
    ending = f"ended with {reading.error.type}" if reading.error else "ended without an error"
    return ", ".join(parts) + f"; {ending}."


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


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
    tables = ", ".join(f"{name} ({_count(n, 'row')})" for name, n in counts.items()) or "no tables"
    return Text.assemble(
        ("Database written to ", "bold"),
        (str(db), "bold cyan"),
        f": {tables}. Open it with any SQLite tool, for example `sqlite3 {db}`.",
    )


def _diff_one(console: Console, step: Step, on: str) -> bool:
    """Show whether ``step``, run on database ``on``, matches its records there; ``True``
    if it does."""
    name = checks.where(step, on)
    try:
        transcript = record(step.module, on=on)
    except (StepError, ServerError) as error:
        console.print(Text.assemble(("✗ ", "red"), (name, "bold"), f": {error}"))
        return False
    found = checks.differences(step.module, transcript, on)
    if not found:
        page = f", which {paths.relative(step.page)} shows" if step.page else ""
        console.print(
            Text.assemble(
                ("✓ ", "green"),
                (name, "bold"),
                f": this run matches its records (transcript and final database){page}.",
            ),
            soft_wrap=True,
        )
        return True
    for difference in found:
        what = checks.WHAT[difference.kind]
        if difference.defect is not None:
            message = f": {difference.defect}"
        elif difference.recorded is None:
            message = f": no record of its {what} at {difference.name}."
        else:
            message = f": its {what} differs from {difference.name}:"
        console.print(Text.assemble(("✗ ", "red"), (name, "bold"), message), soft_wrap=True)
        for line in difference.diff.splitlines():
            console.print(_diff_line(line), soft_wrap=True)
    return False


def _diff_line(line: str) -> Text:
    if line.startswith(("+++", "---")):
        return Text(line, "bold")
    if line.startswith("@@"):
        return Text(line, "cyan")
    if line.startswith("+"):
        return Text(line, "green")
    if line.startswith("-"):
        return Text(line, "red")
    return Text(line)
