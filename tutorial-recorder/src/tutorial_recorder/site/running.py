"""The "Run it yourself" block of a step, and the list of what a terminal shows differently.

Both are Markdown made from the project itself: the step's id from
``tutorial_recorder.project.steps``, the module's whole text, and the normalisation rules from
``tutorial_recorder.records.normalise.RULES``, so no page can say something they do not. Every path
and step id in a command is quoted for a shell (``shlex.quote``): a module named
``tutorial932 $(touch PWNED).py`` is one word of the command, never a command of its own.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from tutorial_recorder.databases.base import Database
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.normalise import RULES


def breakable(path: str) -> str:
    """``path`` with a zero-width space after each ``/``: a narrow screen breaks a long
    path between folders instead of inside a name."""
    return path.replace("/", "/\u200b")


def differences() -> list[str]:
    """What a terminal shows that a record does not, one Markdown list item per rule."""
    return [
        f"- **{rule.name}**: a terminal shows {rule.terminal}; the record, {rule.record}."
        for rule in RULES
    ]


def run_block(
    project: Project, databases: Sequence[Database], step: str, module: Path, source: str
) -> list[str]:
    """A collapsed block with the commands that run the step with id ``step`` (the project's
    ``run_with`` before each), on each of ``databases`` (the main one first), its whole
    module (``source``) and the differences between a terminal and the record."""
    fence = "````" if "```" in source else "```"
    path = project.relative(module)
    _, *others = databases
    quoted = shlex.quote(step)
    on_others = [
        f"    $ {project.command(f'companion run {quoted} --on {shlex.quote(d.name)}')}"
        for d in others
    ]
    explained = [f"    {line}" for database in others for line in database.run_note]
    return [
        f'??? example "Run it yourself: `{breakable(step)}`"',
        "",
        "    From the project's folder, in its environment:",
        "",
        "    ```console",
        f"    $ {project.command(f'companion run {quoted}')}",
        *on_others,
        "    $ rm -f database.db",
        f"    $ {project.python_command(module, project.run_with)}",
        f"    $ {project.command(f'companion diff {quoted}')}",
        "    ```",
        "",
        "    `companion run` runs the step as the tests do, on a database file in a temporary",
        "    folder it removes afterwards, and shows what it did.",
        *explained,
        "    `python` runs the module for real: it writes `database.db` in the current folder,",
        "    the project's folder from these commands, and a second run would add its rows to",
        "    the first run's, so delete that file first. `companion diff` runs the step again",
        "    and compares it with this page.",
        "",
        f'    ??? quote "The whole module: `{breakable(path)}`"',
        "",
        f'        {fence} python title="{breakable(path)}"',
        *(f"        {line}" if line.strip() else "" for line in source.splitlines()),
        f"        {fence}",
        "",
        "    What your terminal shows differently from the recorded runs on this page:",
        "",
        *(f"    {item}" for item in differences()),
    ]
