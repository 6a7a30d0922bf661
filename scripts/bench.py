"""How fast the tests are, against the floor: the tutorial modules run with no checks at all.

Run it with ``./scripts/bench`` (``--help`` for the options). Every figure is the median
wall time of a whole command, interpreter start included, over ``--repeat`` runs (5) and,
for the test command rows, which take minutes, ``--suite-repeat`` runs (1), one after the
other on this machine, round by round; the lowest and highest runs are shown beside it, and the
median CPU time (user and system, all its processes), which other work on the machine
changes less than the wall time. Nothing
is written to the working tree (the site is built into a temporary folder).

The rows:

- ``floor``: one process imports sqlmodel and runs every module under ``docs_src/`` once,
  as ``__main__``, in a temporary folder where it writes its ``database.db`` (made where
  the recorder makes the steps' folders, ``tutorial_recorder.runner.supervisor.parent``: in
  memory where it can be, so the floor waits for a disk no more than a recording; removed after
  each module; SQLModel's metadata emptied between modules, ``tutorial_recorder.runner.models``),
  its output thrown away: no recording, no checks, no process of its own.
- ``recorder``: one process records every module, one after the other, each in its own
  process forked from the warm server (``tutorial_recorder.runner.recorder.record``), and renders
  its transcript and final database as the records hold them.
- ``recorder on postgresql``: every module on PostgreSQL, as the suite records them: one
  process starts the PostgreSQL server (``tutorial_recorder.databases.postgresql.server``, counted
  with the
  imports) and records every module on it, each in a new database of its own
  (``record(PROJECT, module, on=postgresql)``), side by side on every core
  (``tutorial_recorder.runner.cores``), then stops the server.
- ``recorder on mariadb``: the same on MariaDB (``tutorial_recorder.databases.mariadb.server``):
  the server's start, from ``mariadb-install-db`` on, and every module recorded on it.
- ``real runs, cold``: every module as ``python <module>`` in a new interpreter, one after
  the other (``tutorial_recorder.runner.bare``), as the real-run proof did before it moved to the
  warm server.
- ``real runs, warm server``: every module with nothing replaced on the warm server
  (``tutorial_recorder.runner.recorder.plain``), one after the other, as the proof runs them now.
- ``printing, real run`` and ``printing, recorded``: a step that prints 1,000,000 lines, run
  as ``python <module>`` with its output read from a pipe, and recorded.
- ``printing a 1 MB line, ...`` and ``printing 20 MB, ...``: the same for a step that prints
  one line of 1,000,000 characters (a path of 500,000 folders, the worst case of the paths
  rule), and for one that prints 20,000,000 bytes in 200,000 lines: normalisation is linear
  in the length of a line and of the output.
- ``thin tests (baseline)``: what a project without the plugin runs instead, in one pytest
  process (``scripts/thin_tests.py``): every step imported with ``print`` patched, its
  engine on ``sqlite://`` with echo off, its ``main()`` called, the printed models dumped.
- ``record tests, SQLite``: ``pytest pyproject.toml::records -k sqlite/``, the plugin's record
  tests of the same steps on SQLite (transcript, final database and diagram each), to
  compare with the baseline: the ratio of the wall times and of the CPU times is printed.
- ``tutorial tests``: ``pytest pyproject.toml::records tests/<chapter groups>``, the records
  and the claims of every chapter.
- ``test command``: the README's ``./scripts/test``, everything.
- ``test command -m 'not site'``: the same without the strict site build and the browser
  checks (the tests marked ``site``, ``tests/conftest.py``).
- ``... -n auto``: that, on every core with pytest-xdist.
- ``docs build``: the site as the tests build it: Zensical, from a staged copy of the
  pages, then checked as ``mkdocs build --strict`` would (``tutorial_recorder.site.build``).
- ``browser checks``: every page of the site checked in Chromium
  (``tests/test_browser.py``'s page test, the site's build included). Its CPU column leaves
  Chromium's own processes out: Playwright's driver does not wait for them.
- ``browser page checks``: the same checks alone, on the bench's built site; its targets
  line adds the CPU time of every Chromium process, read from ``/proc`` before the browser
  closes. ``browser runs, every step`` prints the same.

The targets: the record tests on SQLite at most as long as the thin tests (wall time); the
recorder at most 1.5 times the floor; tutorial tests at most twice the floor; the real-run
proof on the warm server at least five times faster than cold runs; recording each
printing step (1,000,000 lines, a 1 MB line, 20 MB) at most twice its real run; the test
command without the site build and browser checks at most 12 s, and the whole test command
at most 40 s; the server's start and every module recorded on PostgreSQL at most 15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_report import BROWSER_SHORT, RECORD_TESTS, THIN, Row, report
from bench_rows import BROWSER_CHILDREN, BROWSER_SITE, CHILDREN, PROJECT, ROOT, SITE_BUILD


def browser_run_commands(site: Path) -> dict[str, list[str]]:
    os.environ[BROWSER_SITE] = str(site)  # the children's site, built by the first of them
    return {BROWSER_SHORT[name]: [sys.executable, __file__, "--child", name]
            for name in BROWSER_CHILDREN}  # fmt: skip


def tutorial_tests() -> list[str]:
    groups = sorted({PROJECT.step_id(module).split("/")[0] for module in PROJECT.modules()})
    return ["pyproject.toml::records", *(f"tests/{group}" for group in groups)]


def baseline_commands(folder: Path) -> dict[str, list[str]]:
    """The thin tests, rooted in ``folder`` (an empty ``pytest.ini`` there, so the plugin
    stays off), and the plugin's record tests of the same steps on SQLite."""
    (folder / "pytest.ini").write_text("[pytest]\n")
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    thin = str(Path(__file__).with_name("thin_tests.py"))
    return {
        THIN: [*pytest, "--rootdir", str(folder), "-c", str(folder / "pytest.ini"), thin],
        RECORD_TESTS: [*pytest, "pyproject.toml::records", "-k", "sqlite/"],
    }


def commands(site: Path) -> dict[str, list[str]]:
    python = [sys.executable]
    return {
        "floor": [*python, __file__, "--child", "floor"],
        "recorder": [*python, __file__, "--child", "recorder"],
        **baseline_commands(site.parent),
        "recorder on postgresql": [*python, __file__, "--child", "recorder-postgresql"],
        "recorder on mariadb": [*python, __file__, "--child", "recorder-mariadb"],
        "real runs, cold": [*python, __file__, "--child", "cold-runs"],
        "real runs, warm server": [*python, __file__, "--child", "warm-runs"],
        "printing, real run": [*python, __file__, "--child", "printing-real"],
        "printing, recorded": [*python, __file__, "--child", "printing-recorded"],
        "printing a 1 MB line, real run": [*python, __file__, "--child", "long-line-real"],
        "printing a 1 MB line, recorded": [*python, __file__, "--child", "long-line-recorded"],
        "printing 20 MB, real run": [*python, __file__, "--child", "twenty-mb-real"],
        "printing 20 MB, recorded": [*python, __file__, "--child", "twenty-mb-recorded"],
        "tutorial tests": [*python, "-m", "pytest", "-q", *tutorial_tests()],
        "test command": ["./scripts/test", "-q"],
        "test command -m 'not site'": ["./scripts/test", "-q", "-m", "not site"],
        "test command -m 'not site' -n auto": [
            "./scripts/test",
            "-q",
            "-m",
            "not site",
            "-n",
            "auto",
        ],
        "docs build": [*python, "-m", SITE_BUILD, "zensical", str(site.parent)],
        **browser_run_commands(site),
        "browser checks": [*python, "-m", "pytest", "-q", "-p", "no:randomly", BROWSER_TEST],
    }


BROWSER_TEST = "tests/test_browser.py::test_every_page_is_clean_accessible_linked_and_fits_a_phone"


SHORT = {
    "floor": "floor",
    "recorder": "recorder",
    "postgresql": "recorder on postgresql",
    "mariadb": "recorder on mariadb",
    "real-runs": "real runs, cold",
    "warm-runs": "real runs, warm server",
    "printing-real": "printing, real run",
    "printing-recorded": "printing, recorded",
    "long-line-real": "printing a 1 MB line, real run",
    "long-line-recorded": "printing a 1 MB line, recorded",
    "twenty-mb-real": "printing 20 MB, real run",
    "twenty-mb-recorded": "printing 20 MB, recorded",
    "thin": THIN,
    "record-tests": RECORD_TESTS,
    "tutorial": "tutorial tests",
    "suite": "test command",
    "suite-no-site": "test command -m 'not site'",
    "suite-n-auto": "test command -m 'not site' -n auto",
    "docs": "docs build",
    **BROWSER_SHORT,
    "browser": "browser checks",
}


SLOW = ("test command", "real runs, cold", "printing")
"""Rows that take a minute or more: run ``--suite-repeat`` times."""


def measure(every: dict[str, list[str]], repeat: int, suite_repeat: int) -> dict[str, Row]:
    """Each row once, then each row again, and so on: a change in the machine's load during
    the benchmark falls on every row alike, not on one."""
    rows = {name: Row(name, command, [], []) for name, command in every.items()}
    for number in range(max(repeat, suite_repeat)):
        for row in rows.values():
            runs = suite_repeat if row.name.startswith(SLOW) else repeat
            if number < runs:
                print(f"  {row.name}: run {number + 1} of {runs}", file=sys.stderr, flush=True)
                _run(row)
    return rows


def _run(row: Row) -> None:
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(row.command, cwd=ROOT, capture_output=True, text=True, check=False)
    row.times.append(time.perf_counter() - started)
    row.cpu.append(_children_cpu() - before)
    if done.returncode != 0:
        row.failed += 1
        tail = "\n".join(done.stdout.splitlines()[-3:] + done.stderr.splitlines()[-3:])
        print(f"    exit {done.returncode}:\n{tail}", file=sys.stderr)
    elif "--child" in row.command:
        row.inside = [*(row.inside or []), json.loads(done.stdout.splitlines()[-1])]


def _children_cpu() -> float:
    """CPU time (user and system) of every finished child process and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Time the tests against the floor; medians of whole commands.",
    )
    parser.add_argument(
        "--repeat", "-r", type=int, default=5, help="runs of each row but the test commands (5)"
    )
    parser.add_argument(
        "--suite-repeat", type=int, default=1, help="runs of each test command row (1)"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(SHORT),
        help="only these rows (floor, recorder and tutorial take seconds; suite rows minutes)",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(CHILDREN[options.child]()))
        return 0
    modules = len(PROJECT.modules())
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        every = commands(Path(folder) / "site")
        wanted = [SHORT[name] for name in options.only] if options.only else list(every)
        rows = measure({name: every[name] for name in wanted}, options.repeat, options.suite_repeat)
    print(report(rows, modules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
