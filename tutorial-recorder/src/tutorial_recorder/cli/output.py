"""What the commands share: consoles, exit codes, a usage error, a step by its id, causes."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from tutorial_recorder.compare import causes as compare_causes
from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import KINDS, named
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import Project
from tutorial_recorder.project.steps import AmbiguousStep, Step, UnknownStep

DIFFERENT = 1
USAGE = 2

StepArgument = Annotated[
    str,
    typer.Argument(
        metavar="STEP",
        help=(
            "A step id from `companion list`, or any unique end of one, such as back_populates/1."
        ),
        show_default=False,
    ),
]


def console(*, stderr: bool = False) -> Console:
    """A console on the stream of this moment, which a running module's capture cannot move."""
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False)


def usage_error(message: str, hints: Iterable[str] = ()) -> NoReturn:
    shown = console(stderr=True)
    shown.print(Text.assemble(("Error: ", "bold red"), message), soft_wrap=True)
    for hint in hints:
        shown.print(hint, soft_wrap=True, markup=False)
    raise typer.Exit(USAGE)


def project(ctx: typer.Context) -> Project:
    """The project the ``companion`` callback found (``--project``)."""
    found = ctx.find_root().obj
    assert isinstance(found, Project)
    return found


def database(name: str) -> Database:
    """The database called ``name`` (``--on``), or a usage error naming the known ones."""
    if name not in KINDS:
        usage_error(f"--on takes {' or '.join(KINDS)}, not {name!r}.")
    return named(name)


def find(project: Project, name: str) -> Step:
    """The step ``name`` of ``project``, or a usage error with the closest ids (every
    candidate when ``name`` ends several ids)."""
    try:
        return steps.find(project, name)
    except AmbiguousStep as error:
        usage_error(
            f"{name!r} names {len(error.candidates)} steps; give more of the id, one of:",
            [f"  {candidate}" for candidate in error.candidates],
        )
    except UnknownStep as error:
        hints = [f"Did you mean: {', '.join(error.suggestions)}?"] if error.suggestions else []
        usage_error(f"there is no step {name!r}.", [*hints, "`companion list` shows every step."])


def causes(project: Project, comparison: str) -> compare_causes.Causes:
    """``project``'s causes of ``comparison``, or a usage error naming what is wrong in them."""
    try:
        return compare_causes.of(project, comparison)
    except compare_causes.CausesError as error:
        usage_error(str(error))
