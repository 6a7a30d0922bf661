"""The command line: ``companion list``, ``run``, ``diff`` and ``check``, and the groups
``companion matrix`` (the upgrade matrix) and ``companion compare`` (the generated
comparison pages).

Only command-line work happens in this package: arguments, what is shown, exit codes, one
module per command or group (``listing``, ``running``, ``checking``, ``matrix``,
``comparisons``). Steps are found by ``tutorial_recorder.project.steps``, run by
``tutorial_recorder.runner.recorder`` (in a temporary folder, or on a file with ``--db``) and
``tutorial_recorder.runner.bare`` (``--raw``), and compared by ``tutorial_recorder.cli.checks``.

The project is the closest ``pyproject.toml`` with a ``[tool.tutorial-recorder]`` table from the
current folder upwards; ``companion --project DIR`` names another
(``tutorial_recorder.project.config``). Every command finds it in its context (``ctx.obj``).

Exit codes: 0 when all is well, 1 when a run differs from its records or a check finds a
problem, 2 for a usage error such as a step that does not exist.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from tutorial_recorder.cli import auditing, checking, comparisons, listing, matrix, output, running
from tutorial_recorder.project import config

DISTRIBUTION = "tutorial-recorder"

app = typer.Typer(
    name="companion",
    help=(
        "Run the tutorial's steps and compare them with their records, the output the "
        "docs pages show.\n\n"
        "A step is one module of the project's modules folders (docs_src/ unless its "
        "pyproject.toml says otherwise), named by an id, its folder's path there and its "
        "number, such as relationship_attributes/back_populates/1; any unique end of an id "
        "names its step too, such as back_populates/1 (`companion list` shows them all)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


def _version(asked: bool) -> None:
    """``--version``: the installed distribution's version, before any project is looked for."""
    if asked:
        typer.echo(f"companion (tutorial-recorder) {metadata.version(DISTRIBUTION)}")
        raise typer.Exit()


@app.callback()
def project(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--project",
            metavar="DIR",
            help=(
                "The project to work on: the folder of its pyproject.toml, which has a "
                "[tool.tutorial-recorder] table. By default, the closest such pyproject.toml from "
                "the current folder upwards."
            ),
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version of tutorial-recorder, the package of this command, and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Find the project before any command runs."""
    try:
        found = config.find(Path.cwd()) if folder is None else config.load(folder)
    except config.ConfigError as error:
        output.usage_error(str(error))
    ctx.obj = found


app.command("list")(listing.list_steps)
app.command()(running.run)
app.command()(checking.diff)
app.command()(checking.check)
app.command("audit")(auditing.audit_pages)
app.add_typer(matrix.group, name="matrix")
app.add_typer(comparisons.group, name="compare")
