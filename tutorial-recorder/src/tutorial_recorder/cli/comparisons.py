"""``companion compare databases`` and ``upgrades``: regenerate the comparison pages."""

from __future__ import annotations

from pathlib import Path

import typer

from tutorial_recorder.cli import matrix, output
from tutorial_recorder.compare import databases as compare_databases
from tutorial_recorder.matrix import page as matrix_page

group = typer.Typer(
    help=(
        "The generated comparison pages: what differs between two sets of runs of every "
        "step, each change under its cause (the causes.toml of the project's comparisons "
        "folder, tests/matrix by default)."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


@group.command("databases")
def databases(ctx: typer.Context) -> None:
    """Regenerate the comparison of every step's records on SQLite and on each other
    database the project records on (PostgreSQL, MariaDB).

    Example:

    * `companion compare databases`
    """
    project = output.project(ctx)
    output.causes(project, compare_databases.CAUSES)  # every other database's by default
    for other in compare_databases.others(project):
        causes = output.causes(project, compare_databases.causes_table(project, other))
        output.console().print(compare_databases.write(project, causes, other), soft_wrap=True)


@group.command("upgrades")
def upgrades(ctx: typer.Context, out: matrix.OutOption = None) -> None:
    """Regenerate the upgrade comparisons from the sets the last matrix run recorded: its
    older SQLAlchemy's set against the records, and the lowest set's unexplained steps.

    Example:

    * `companion compare upgrades`
    """
    project = output.project(ctx)
    folder: Path = out or project.root / matrix.OUT
    results = matrix.load(project, folder, [], project.modules())
    if not results:
        output.usage_error(
            f"no set results under {folder / matrix.SETS}: run ./scripts/matrix first."
        )
    causes = output.causes(project, "upgrades")
    done = matrix_page.write(project, causes, results, folder / matrix.SETS)
    output.console().print(done, soft_wrap=True)
