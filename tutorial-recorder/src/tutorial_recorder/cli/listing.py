"""``companion list``: every chapter, with its page and its steps."""

from __future__ import annotations

import typer
from rich.text import Text

from tutorial_recorder.cli import output
from tutorial_recorder.cli.output import console
from tutorial_recorder.project import steps
from tutorial_recorder.project.steps import Step


def list_steps(ctx: typer.Context) -> None:
    """List every chapter and its steps: the step's id, its title and its module.

    Example:

    * `companion list`
    """
    project = output.project(ctx)
    shown = console()
    chapters: dict[str, list[Step]] = {}
    for step in steps.steps(project):
        chapters.setdefault(step.folder, []).append(step)
    for folder, found in chapters.items():
        header = Text.assemble((folder, "bold"))
        page = found[0].page
        if page is not None:
            header.append(f"  page: {project.relative(page)}", "dim")
        shown.print(header, soft_wrap=True)
        width = max(len(step.id) for step in found)
        for step in found:
            shown.print(
                Text.assemble("  ", (step.id.ljust(width), "bold cyan"), "  ", step.title),
                soft_wrap=True,
            )
            shown.print(Text(f"  {' ' * width}  {step.path}", "dim"), soft_wrap=True)
        shown.print()
    total = sum(len(found) for found in chapters.values())
    shown.print(
        f"{total} steps in {len(chapters)} chapters. Run one with `companion run STEP`.",
        soft_wrap=True,
    )
