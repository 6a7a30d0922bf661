"""``companion diff`` and ``companion check``: fresh runs against their records, one step
or every step and page, on each database the project records on."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from tutorial_recorder.cli import checks, output, verdicts
from tutorial_recorder.databases.base import Database, ServerError
from tutorial_recorder.databases.registry import of
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import KINDS, Project
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records.labels import KIND_NAMES
from tutorial_recorder.runner.cores import cores
from tutorial_recorder.runner.recorder import StepError, record

ON_HELP = (
    "sqlite or postgresql: compare the runs on that database only. By default, every "
    "database the project records on; PostgreSQL runs on a server started for this command "
    "(Debian's postgresql package), each step in a new database dropped afterwards."
)


def diff(
    ctx: typer.Context,
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
        output.usage_error("Name one STEP, or pass --all (not both).")
    project = output.project(ctx)
    chosen = steps.steps(project) if all_steps else [output.find(project, step or "")]
    databases = _compared_on(project, on)
    console = output.console()
    runs = [(found, database) for found in chosen for database in databases]
    differing = sum(not _diff_one(project, console, *run) for run in runs)
    if all_steps:
        console.print()
        runs_of = f" ({len(runs)} runs)" if len(databases) > 1 else ""
        console.print(
            f"{len(chosen)} steps{_on_which(project, databases)}{runs_of}: "
            f"{len(runs) - differing} match their records, {differing} differ.",
            soft_wrap=True,
        )
    if differing:
        console.print(
            Text(f"If a change is intended, accept it with `{project.accept}`.", "dim"),
            soft_wrap=True,
        )
        raise typer.Exit(output.DIFFERENT)


def check(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATABASE", help=ON_HELP, show_default=False),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=(
                "Print every verdict as JSON on stdout instead (step, database, kind, status, "
                "message; and each page's), with no progress bar."
            ),
        ),
    ] = False,
) -> None:
    """Check that everything is up to date, in one quick command: every step's records
    against a fresh in-memory run (and a run on PostgreSQL where the project records there
    too), no record without its module, and every docs page's includes and SQL blocks.

    Shows a progress bar, then each problem by name. Exits with 1 if there is any problem.

    Examples:

    * `companion check`
    * `companion check --on sqlite`
    * `companion check --json`
    """
    project = output.project(ctx)
    every = steps.steps(project)
    pages = project.pages()
    databases = _compared_on(project, on)
    runs = [(step, database) for step in every for database in databases]
    if as_json:
        _check_json(project, every, pages, runs)
        return
    problems: list[checks.Problem] = []
    with Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=output.console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task("Checking", total=len(runs) + len(pages) + 1)
        progress.update(task, description=f"run {len(runs)} steps, side by side")
        with ThreadPoolExecutor(cores()) as pool:  # each thread waits on a step's process
            started = [pool.submit(checks.step_problems, project, *run) for run in runs]
            for _done in as_completed(started):
                progress.advance(task)
        problems += [problem for future in started for problem in future.result()]
        progress.update(task, description="records without a module")
        problems += checks.orphan_problems(project, every)
        progress.advance(task)
        for page in pages:
            progress.update(task, description=f"page {project.relative(page)}")
            problems += checks.page_problems(project, page)
            progress.advance(task)
    console = output.console()
    counted = [checks.blocks(page) for page in pages]
    console.print(
        f"Checked {len(every)} steps{_on_which(project, databases)} ({len(runs) * len(KINDS)} "
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
            f"`companion diff STEP` shows a step's difference; `{project.accept}` "
            "accepts intended changes.",
            "dim",
        ),
        soft_wrap=True,
    )
    raise typer.Exit(output.DIFFERENT)


def _check_json(
    project: Project, every: list[Step], pages: list[Path], runs: list[tuple[Step, Database]]
) -> None:
    """``check --json``: every verdict (``tutorial_recorder.cli.verdicts``) on stdout."""
    with ThreadPoolExecutor(cores()) as pool:  # each thread waits on a step's process
        found = list(pool.map(lambda run: verdicts.of_run(project, *run), runs))
    every_verdict = [verdict for run in found for verdict in run]
    every_verdict += verdicts.of_orphans(project, every)
    every_verdict += [verdicts.of_page(project, page) for page in pages]
    problems = sum(verdict["status"] not in verdicts.PASSING for verdict in every_verdict)
    summary = {"steps": len(every), "pages": len(pages), "problems": problems}
    typer.echo(json.dumps({**summary, "verdicts": every_verdict}, indent=2))
    if problems:
        raise typer.Exit(output.DIFFERENT)


def _compared_on(project: Project, on: str | None) -> list[Database]:
    """The databases ``diff`` and ``check`` run on: ``--on``, or every one the project
    records on. A server that cannot start leaves its database out with a note, unless it
    was asked for by name or is required (``TUTORIAL_RECORDER_POSTGRESQL=require``): then it is a
    failure."""
    recorded = list(of(project))
    names = [database.name for database in recorded]
    if on is not None and on not in names:
        output.usage_error(
            f"--on takes {' or '.join(names)} (the project records there), not {on!r}."
        )
    compared = []
    for database in recorded if on is None else [recorded[names.index(on)]]:
        reason = database.unavailable()
        if reason is None:
            compared.append(database)
        elif on is not None or database.required:
            output.console(stderr=True).print(
                Text(f"Cannot run on {database.label}: {reason}", "red"), soft_wrap=True
            )
            raise typer.Exit(output.DIFFERENT)
        else:
            output.console(stderr=True).print(
                Text(f"Not compared on {database.label}: {reason}", "yellow"), soft_wrap=True
            )
    return compared


def _on_which(project: Project, databases: list[Database]) -> str:
    """`` on SQLite and PostgreSQL``, when the project records on more than one database."""
    if len(project.databases) == 1:
        return ""
    *most, last = (database.label for database in databases)
    return f" on {', '.join(most)} and {last}" if most else f" on {last}"


def _diff_one(project: Project, console: Console, step: Step, on: Database) -> bool:
    """Show whether ``step``, run on database ``on``, matches its records there; ``True``
    if it does."""
    name = checks.where(project, step, on)
    try:
        transcript = record(project, step.module, on=on)
    except (StepError, ServerError) as error:
        console.print(Text.assemble(("✗ ", "red"), (name, "bold"), f": {error}"))
        return False
    found = checks.differences(project, step.module, transcript, on)
    if not found:
        page = f", which {project.relative(step.page)} shows" if step.page else ""
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
        what = KIND_NAMES[difference.kind]
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
