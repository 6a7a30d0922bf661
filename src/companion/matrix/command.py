"""The upgrade matrix's command line: ``python -m companion.matrix record`` and ``report``.

``noxfile.py`` makes one virtual environment per dependency set and runs ``record`` in it;
``report`` then runs once, in the project's own environment, over every set of the run.
``./scripts/matrix`` does all of it (README: "Upgrades and the matrix").

- ``record --set NAME --out DIR`` records every tutorial module into DIR with the packages
  of the environment it runs in (``companion.matrix.recording``), with a progress bar. A module
  that fails is a result, not an error: it exits with 0 unless the set produced no results.
- ``report --out DIR`` compares each set under ``DIR/sets/`` with the committed records
  (``companion.matrix.results``), writes ``DIR/report.md`` and ``DIR/report.html``,
  regenerates the SQLAlchemy 2.0 and 2.1 docs fragment when the run has both sets
  (``companion.matrix.page``), prints a summary and exits with 1 if any module failed
  under a supported set, or, with ``--strict``, if any differs; 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion.matrix import recording as matrix_run
from companion.project import paths

if TYPE_CHECKING:
    from companion.matrix.results import SetResult

OUT = paths.ROOT / ".matrix"
SETS = "sets"
USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "record":
        return record(arguments)
    return report(arguments)


def record(arguments: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    folder: Path = arguments.out
    console = Console(file=sys.stderr, highlight=False)
    matrix_run.prepare(
        folder,
        arguments.set,
        arguments.description,
        supported=not arguments.unsupported,
        on=arguments.on,
    )
    modules = _modules(arguments.only)
    with Progress(
        TextColumn(f"[bold]{arguments.set}[/]"),
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

        def advance(step: str) -> None:
            progress.update(task, description=step, completed=modules_done[0])
            modules_done[0] += 1

        modules_done = [0]
        try:
            info = matrix_run.record_all(folder, modules, advance)
        except Exception:
            matrix_run.fail(folder, traceback.format_exc())
            console.print(f"[red]{arguments.set}: the recorder could not run:[/]")
            console.print(traceback.format_exc(), markup=False, highlight=False)
            return 1
        progress.update(task, completed=len(modules))
    versions = ", ".join(f"{name} {version}" for name, version in info.packages.items())
    console.print(
        f"[bold]{arguments.set}[/]: recorded {len(modules)} modules in {info.seconds:.1f} s "
        f"under Python {info.python}, {versions}.",
        soft_wrap=True,
    )
    return 0


def report(arguments: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from companion.matrix import html as matrix_html
    from companion.matrix import page as matrix_page
    from companion.matrix import report as matrix_report
    from companion.matrix import results as matrix_results
    from companion.matrix.results import CHANGED, FAILED, IDENTICAL

    out: Path = arguments.out
    # a log (CI) is not a terminal: wide enough for the table, not Rich's default of 80
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    folders = matrix_results.sets(out / SETS, arguments.sets)
    if not folders:
        console.print(f"[red]No set results under {out / SETS}: run ./scripts/matrix first.[/]")
        return USAGE
    modules = paths.modules()
    results = [_load(folder, modules) for folder in folders]
    verdict = matrix_results.verdict(results, strict=arguments.strict)
    (out / "report.md").write_text(matrix_report.markdown(results, verdict), encoding="utf-8")
    (out / "report.html").write_text(matrix_html.html(results, verdict), encoding="utf-8")

    table = Table(title=f"{len(modules)} modules by set", title_justify="left")
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
    console.print(table)
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
    if not arguments.no_fragment:
        fragment = arguments.fragment or matrix_page.FRAGMENT
        console.print(matrix_page.write(results, out / SETS, fragment), soft_wrap=True)
    console.print(f"Report: {_shown(out / 'report.md')} and {_shown(out / 'report.html')}")
    style = "bold red" if verdict.status else "bold green"
    console.print(Text(matrix_report.summary(verdict, results), style), soft_wrap=True)
    return verdict.status


def _load(folder: Path, modules: list[Path]) -> SetResult:
    from companion.matrix import results as matrix_results

    if not (folder / matrix_run.SET_FILE).is_file():
        folder.mkdir(parents=True, exist_ok=True)
        matrix_run.prepare(folder, folder.name)
        matrix_run.fail(folder, f"No results in {_shown(folder)}: the set did not run.")
    return matrix_results.load(folder, modules)


def _modules(only: Sequence[str]) -> list[Path]:
    if not only:
        return paths.modules()
    from companion.project import steps

    every = steps.steps()
    return [steps.find(name, every).module for name in only]


def _shown(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m companion.matrix",
        description="Run every tutorial module under a dependency set, and report across sets.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="record every module in this environment")
    rec.add_argument("--set", required=True, help="the set's name")
    rec.add_argument("--out", type=Path, required=True, help="the set's folder (emptied first)")
    rec.add_argument("--description", default="", help="what the set installs, in words")
    rec.add_argument(
        "--unsupported", action="store_true", help="a set the project does not support"
    )
    rec.add_argument("--only", nargs="*", default=[], metavar="STEP", help="only these steps")
    rec.add_argument(
        "--on", choices=paths.DATABASES, default=paths.SQLITE, help="the database (sqlite)"
    )
    rep = commands.add_parser("report", help="compare the sets with the records; write reports")
    rep.add_argument("--out", type=Path, default=OUT, help="the matrix folder (default .matrix)")
    rep.add_argument(
        "--sets", nargs="*", default=[], metavar="SET", help="these sets (default: every one)"
    )
    rep.add_argument(
        "--strict", action="store_true", help="fail on differences too, not only on failures"
    )
    rep.add_argument(
        "--fragment",
        type=Path,
        default=None,
        help="where the SQLAlchemy 2.0 and 2.1 docs fragment goes (default: its committed place)",
    )
    rep.add_argument("--no-fragment", action="store_true", help="never write the docs fragment")
    return parser
