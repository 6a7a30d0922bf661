"""What the commands share: consoles, exit codes, a usage error, a step by its id, causes."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from companion.compare import causes as compare_causes
from companion.project import steps
from companion.project.config import Config
from companion.project.steps import Step, UnknownStep

DIFFERENT = 1
USAGE = 2

StepArgument = Annotated[
    str,
    typer.Argument(
        metavar="STEP",
        help="A step id from `companion list`, such as back_populates/1.",
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


def find(name: str) -> Step:
    """The step ``name``, or a usage error with the closest ids."""
    try:
        return steps.find(name)
    except UnknownStep as error:
        hints = [f"Did you mean: {', '.join(error.suggestions)}?"] if error.suggestions else []
        usage_error(f"there is no step {name!r}.", [*hints, "`companion list` shows every step."])


def causes(project: Config, comparison: str) -> compare_causes.Causes:
    """``project``'s causes of ``comparison``, or a usage error naming what is wrong in them."""
    try:
        return compare_causes.of(project, comparison)
    except compare_causes.CausesError as error:
        usage_error(str(error))
