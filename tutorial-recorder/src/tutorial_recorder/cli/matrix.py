"""``companion matrix record`` and ``report``: the upgrade matrix's command line.

``noxfile.py`` makes one virtual environment per dependency set and runs ``record`` in it;
``report`` then runs once, in the project's own environment, over every set of the run.
``./scripts/matrix`` does all of it (README: "Upgrades and the matrix").

- ``record --set NAME --out DIR`` records every step into DIR with the packages of the
  environment it runs in (``tutorial_recorder.matrix.recording``), with a progress bar. A step that
  fails is a result, not an error: it exits with 0 unless the set produced no results.
- ``report [SET]...`` compares each set under ``DIR/sets/`` (``--out DIR``, ``.matrix`` by
  default) with the records (``tutorial_recorder.matrix.results``), writes ``DIR/report.md`` and
  ``DIR/report.html``, regenerates the upgrade comparisons when the run has their sets
  (``tutorial_recorder.matrix.page``), prints a summary and exits with 1 if any step failed under
  a supported set, or, with ``--strict``, if any differs; 0 otherwise.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tutorial_recorder.cli import output
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.matrix import html as matrix_html
from tutorial_recorder.matrix import page as matrix_page
from tutorial_recorder.matrix import recording
from tutorial_recorder.matrix import report as matrix_report
from tutorial_recorder.matrix import results as matrix_results
from tutorial_recorder.matrix.results import CHANGED, FAILED, IDENTICAL, SetResult
from tutorial_recorder.project.paths import Project

SETS = "sets"
OUT = ".matrix"

group = typer.Typer(
    help=(
        "The upgrade matrix: every step under several sets of dependency versions, then one "
        "report. `./scripts/matrix` runs it all (README: Upgrades and the matrix)."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        metavar="DIR",
        help="The matrix folder: the sets' results under DIR/sets/. Default: .matrix",
        file_okay=False,
        show_default=False,
    ),
]


@group.command("record")
def record_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--set", metavar="NAME", help="The set's name.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", metavar="DIR", help="The set's folder (emptied first).", file_okay=False
        ),
    ],
    description: Annotated[str, typer.Option(help="What the set installs, in words.")] = "",
    unsupported: Annotated[
        bool, typer.Option("--unsupported", help="A set the project does not support.")
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", metavar="STEP", help="Only this step (repeat for more).", show_default=False
        ),
    ] = None,
    on: Annotated[
        str, typer.Option("--on", metavar="DATABASE", help="sqlite, postgresql or mariadb.")
    ] = MAIN.name,
) -> None:
    """Record every step in this environment, with its packages, into a set's folder.

    Example:

    * `companion matrix record --set lowest --out .matrix/sets/lowest`
    """
    project = output.project(ctx)
    output.database(on)
    console = Console(file=sys.stderr, highlight=False)
    recording.prepare(out, name, description, supported=not unsupported, on=on)
    modules = [output.find(project, step).module for step in only] if only else project.modules()
    with Progress(
        TextColumn(f"[bold]{name}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task("", total=len(modules))
        done = [0]

        def advance(step: str) -> None:
            progress.update(task, description=step, completed=done[0])
            done[0] += 1

        try:
            info = recording.record_all(project, out, modules, advance)
        except Exception:
            recording.fail(out, traceback.format_exc())
            console.print(f"[red]{name}: the recorder could not run:[/]")
            console.print(traceback.format_exc(), markup=False, highlight=False)
            raise typer.Exit(output.DIFFERENT) from None
        progress.update(task, completed=len(modules))
    versions = ", ".join(f"{package} {version}" for package, version in info.packages.items())
    console.print(
        f"[bold]{name}[/]: recorded {len(modules)} modules in {info.seconds:.1f} s "
        f"under Python {info.python}, {versions}.",
        soft_wrap=True,
    )


@group.command("report")
def report(
    ctx: typer.Context,
    sets: Annotated[
        list[str] | None,
        typer.Argument(metavar="SET", help="These sets (default: every one).", show_default=False),
    ] = None,
    out: OutOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on differences too, not only on failures.")
    ] = False,
    fragments: Annotated[
        Path | None,
        typer.Option(
            "--fragments",
            metavar="DIR",
            help="Where the upgrade comparisons go (default: the project's comparisons folder).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    no_fragments: Annotated[
        bool, typer.Option("--no-fragments", help="Never write the upgrade comparisons.")
    ] = False,
) -> None:
    """Compare the sets with the records; write report.md and report.html, and the upgrade
    comparisons when the run has their sets.

    Examples:

    * `companion matrix report`
    * `companion matrix report locked lowest --strict`
    """
    project = output.project(ctx)
    folder = out or project.root / OUT
    # a log (CI) is not a terminal: wide enough for the table, not Rich's default of 80
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    modules = project.modules()
    results = load(project, folder, sets or [], modules)
    if not results:
        console.print(f"[red]No set results under {folder / SETS}: run ./scripts/matrix first.[/]")
        raise typer.Exit(output.USAGE)
    verdict = matrix_results.verdict(results, strict=strict)
    (folder / "report.md").write_text(matrix_report.markdown(results, verdict), encoding="utf-8")
    (folder / "report.html").write_text(matrix_html.html(results, verdict), encoding="utf-8")
    console.print(_table(results, len(modules)))
    _failures(console, results)
    if not no_fragments:
        causes = output.causes(project, "upgrades")
        done = matrix_page.write(project, causes, results, folder / SETS, fragments)
        console.print(done, soft_wrap=True)
    report_md, report_html = (
        project.relative(folder / name) for name in ("report.md", "report.html")
    )
    console.print(f"Report: {report_md} and {report_html}")
    style = "bold red" if verdict.status else "bold green"
    console.print(Text(matrix_report.summary(verdict, results), style), soft_wrap=True)
    if verdict.status:
        raise typer.Exit(verdict.status)


def load(project: Project, folder: Path, names: list[str], modules: list[Path]) -> list[SetResult]:
    """The results of the sets ``names`` (every one by default) under ``folder``'s sets, of
    ``modules``; a set that did not run is one that produced no results."""
    found = []
    for set_folder in matrix_results.sets(folder / SETS, names):
        if not (set_folder / recording.SET_FILE).is_file():
            set_folder.mkdir(parents=True, exist_ok=True)
            recording.prepare(set_folder, set_folder.name)
            shown = project.relative(set_folder)
            recording.fail(set_folder, f"No results in {shown}: the set did not run.")
        found.append(matrix_results.load(project, set_folder, modules))
    return found


def _table(results: list[SetResult], modules: int) -> Table:
    table = Table(title=f"{modules} modules by set", title_justify="left")
    for column in ("set", "supported", "Python", "sqlmodel", "SQLAlchemy", "pydantic"):
        table.add_column(column)
    for status, style in ((IDENTICAL, "green"), (CHANGED, "yellow"), (FAILED, "red")):
        table.add_column(status, justify="right", style=style)
    table.add_column("time", justify="right")
    for result in results:
        info = result.info
        table.add_row(
            info.name,
            "yes" if info.supported else "no",
            info.python or "?",
            *matrix_report.versions(result),
            *(str(result.count(s)) for s in (IDENTICAL, CHANGED, FAILED)),
            f"{info.seconds:.1f} s" if info.seconds is not None else "-",
        )
    return table


def _failures(console: Console, results: list[SetResult]) -> None:
    for result in results:
        if result.info.error:
            console.print(Text(f"✗ {result.name} produced no results:", "red"))
            console.print(Text(result.info.error.rstrip()), soft_wrap=True)
            continue
        for outcome in result.outcomes:
            if outcome.status == FAILED:
                last = outcome.traceback.rstrip().rsplit("\n", 1)[-1] if outcome.traceback else ""
                console.print(
                    Text.assemble(
                        ("✗ ", "red"),
                        (f"{result.name}: {outcome.step}", "bold"),
                        f": {outcome.reason}",
                        (f": {last}" if last else "", "dim"),
                    ),
                    soft_wrap=True,
                )
