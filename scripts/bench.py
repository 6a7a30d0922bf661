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
- ``docs build``: ``mkdocs build --strict``.
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
import functools
import json
import os
import platform
import re
import resource
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import chdir, redirect_stderr, redirect_stdout, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from tutorial_recorder.project import config
from tutorial_recorder.runner.cores import cores

ROOT = Path(__file__).resolve().parents[1]
PROJECT = config.load(ROOT)
TUTORIAL_RATIO_TARGET = 2.0
BASELINE_RATIO_TARGET = 1.0
RECORDER_RATIO_TARGET = 1.5
THIN = "thin tests (baseline)"
RECORD_TESTS = "record tests, SQLite"
REAL_RUN_SPEEDUP_TARGET = 5.0
PRINTING_RATIO_TARGET = 2.0
SUITE_NO_SITE_TARGET = 12.0
SUITE_TARGET = 40.0
POSTGRESQL_TARGET = 15.0
MARIADB_TARGET = 15.0  # seconds: the server's start and every step recorded on it
BROWSER_TARGET = 30.0
PRINTED_LINES = 1_000_000
PRINTS = f"for number in range({PRINTED_LINES}):\n    print('line', number)\n"
LONG_LINE = "print('/a' * 500_000)\n"
TWENTY_MB = "for number in range(200_000):\n    print('x' * 99)\n"
PRINTING = {
    "lines": (PRINTS, PRINTED_LINES),
    "long-line": (LONG_LINE, 1),
    "twenty-mb": (TWENTY_MB, 200_000),
}
"""What each printing step prints, and how many lines."""


def floor() -> dict[str, float]:
    """The child process of the ``floor`` row; its own timings as JSON on stdout."""
    started = time.perf_counter()
    import sqlmodel  # noqa: F401  (the import is part of the floor)

    imported = time.perf_counter()
    from tutorial_recorder.runner import models, supervisor

    modules = PROJECT.modules()
    with (
        tempfile.TemporaryDirectory(dir=supervisor.parent()) as folder,
        chdir(folder),
        open(os.devnull, "w") as sink,
        redirect_stdout(sink),
        redirect_stderr(sink),
    ):
        for module in modules:
            # some steps end with an error on purpose
            with models.fresh_sqlmodel(), suppress(Exception):
                runpy.run_path(str(module), run_name="__main__")
            Path("database.db").unlink(missing_ok=True)
    return _split(started, imported, time.perf_counter(), len(modules))


def recorder() -> dict[str, float]:
    """The child process of the ``recorder`` row."""
    started = time.perf_counter()
    from tutorial_recorder.runner.recorder import record

    imported = time.perf_counter()
    modules = PROJECT.modules()
    for module in modules:
        transcript = record(PROJECT, module)
        _ = transcript.text, transcript.state
    return _split(started, imported, time.perf_counter(), len(modules))


def recorder_on_postgresql() -> dict[str, float]:
    """The child process of the ``recorder on postgresql`` row (the server's start included
    in ``import``)."""
    started = time.perf_counter()
    from tutorial_recorder.databases.postgresql import server
    from tutorial_recorder.databases.registry import named
    from tutorial_recorder.runner.recorder import record

    running = server.shared()
    postgresql = named("postgresql")
    imported = time.perf_counter()
    modules = PROJECT.modules()

    def rendered(module: Path) -> None:
        transcript = record(PROJECT, module, on=postgresql)
        _ = transcript.text, transcript.state

    with ThreadPoolExecutor(cores()) as pool:
        list(pool.map(rendered, modules))
    running.stop()
    return _split(started, imported, time.perf_counter(), len(modules))


def recorder_on_mariadb() -> dict[str, float]:
    """The child process of the ``recorder on mariadb`` row: a new MariaDB server (its
    install and start counted in ``import``), every module recorded on it side by side on
    every core, rendered as the records hold them; then the server is stopped."""
    started = time.perf_counter()
    from tutorial_recorder.databases.mariadb import server
    from tutorial_recorder.databases.registry import named
    from tutorial_recorder.runner.recorder import record

    made = server.shared()
    imported = time.perf_counter()
    on, modules = named("mariadb"), PROJECT.modules()
    with ThreadPoolExecutor(cores()) as pool:
        for transcript in pool.map(lambda module: record(PROJECT, module, on=on), modules):
            _ = transcript.text, transcript.state
    made.stop()
    return _split(started, imported, time.perf_counter(), len(modules))


def cold_runs() -> dict[str, float]:
    """The child process of the ``real runs, cold`` row."""
    started = time.perf_counter()
    from tutorial_recorder.runner import bare

    imported = time.perf_counter()
    modules = PROJECT.modules()
    for module in modules:
        bare.run(module, root=ROOT)
    return _split(started, imported, time.perf_counter(), len(modules))


def warm_runs() -> dict[str, float]:
    """The child process of the ``real runs, warm server`` row (the server's start included
    in ``import``)."""
    started = time.perf_counter()
    from tutorial_recorder.runner.recorder import plain

    modules = PROJECT.modules()
    plain(PROJECT, modules[0])
    imported = time.perf_counter()
    for module in modules:
        plain(PROJECT, module)
    return _split(started, imported, time.perf_counter(), len(modules))


def printing(mode: str, what: str = "lines") -> dict[str, float]:
    """The child process of the ``printing`` rows: the step run for real, its output read
    from a pipe, or recorded (the server's start not counted)."""
    started = time.perf_counter()
    from tutorial_recorder.runner import bare
    from tutorial_recorder.runner.recorder import record

    source, printed = PRINTING[what]
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        module = Path(folder) / "prints.py"
        module.write_text(source)
        if mode == "recorded":
            record(PROJECT, Path(PROJECT.modules()[0]))  # the server, started
        imported = time.perf_counter()
        if mode == "recorded":
            # the 20 MB row prints past the default output cap, which it does not measure
            roomy = replace(PROJECT, limits=replace(PROJECT.limits, output=64 * 1024 * 1024))
            lines = record(roomy, module, seconds=60).text.count("\n")
        else:
            lines = bare.run(module, root=ROOT).output.count("\n")
        done = time.perf_counter()
    assert lines == printed, lines
    return _split(started, imported, done, 1)


def _split(started: float, imported: float, done: float, count: int) -> dict[str, float]:
    return {"import": imported - started, "modules": done - imported, "count": count}


# "Run in your browser" (tests/test_run_in_browser.py): the first output after a click, with
# Pyodide to start (cold: a new browser, nothing cached) and with the page's worker already
# running (warm), and every synchronous step pressed on its page, pages side by side on every
# core. Each child builds the site once into the bench's folder ("import" in its figures).
BROWSER_ALL_TARGET = 90.0
BROWSER_SITE = "COMPANION_BENCH_SITE"
BROWSER_CHILDREN = ("browser-cold", "browser-warm", "browser-all", "browser-pages")
BROWSER_SHORT = {
    "browser-cold": "browser run, first output cold",
    "browser-warm": "browser run, first output warm",
    "browser-all": "browser runs, every step",
    "browser-pages": "browser page checks",
}
BROWSER_PAGES_TARGET = 30.0


def browser_run_commands(site: Path) -> dict[str, list[str]]:
    os.environ[BROWSER_SITE] = str(site)  # the children's site, built by the first of them
    return {BROWSER_SHORT[name]: [sys.executable, __file__, "--child", name]
            for name in BROWSER_CHILDREN}  # fmt: skip


def browser_run(which: str) -> dict[str, float]:
    """The child process of a ``browser run`` row: seconds to the first output (cold or warm)
    or for every step, as ``modules``; building the site, if it is not built, as ``import``."""
    from tutorial_recorder.site import browser, browser_runs

    started = time.perf_counter()
    site = Path(os.environ[BROWSER_SITE])
    if not (site / "index.html").is_file():
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    executable = browser.chromium()
    assert executable is not None, "the browser rows need Chromium"
    pattern = re.compile(r'data-step="([^"]+)"')
    pages = {
        f"{page.parent.relative_to(site).as_posix()}/": found
        for page in sorted(site.rglob("index.html"))
        if (found := pattern.findall(page.read_text(encoding="utf-8")))
    }
    imported = time.perf_counter()
    if which == "browser-pages":
        every = browser.pages_of(site)
        with browser.served(site, one_page_index=True) as base, browser.launched(executable) as ctx:
            before = _tree_cpu()
            assert browser.check_site(ctx, base, every) == [], "a page check failed"
            used = _tree_cpu() - before
        return {**_split(started, imported, time.perf_counter(), len(every)), "browser_cpu": used}
    with browser.served(site) as base, browser_runs.offline(executable) as held:
        before = _tree_cpu()
        if which == "browser-all":
            shown = browser_runs.run_pages(held.context, base, pages, cores(), 600)
            assert all(run.status == "done" for run in shown), "a run did not end well"
            used = _tree_cpu() - before
            done = _split(started, imported, time.perf_counter(), len(shown))
            return {**done, "browser_cpu": used}
        path, steps = next((path, steps) for path, steps in pages.items() if len(steps) > 1)
        page = held.context.new_page()
        page.goto(base + path, wait_until="load")
        cold = browser_runs.first_output(page, steps[0], 600)
        warm = browser_runs.first_output(page, steps[1], 600)
    seconds = warm if which == "browser-warm" else cold
    return {"import": imported - started, "modules": seconds, "count": 1}


def _tree_cpu() -> float:
    """CPU seconds of this process and every process under it, the finished children they
    waited for included: Chromium's browser, zygote, renderers and helpers, which
    ``_children_cpu`` misses (Playwright's driver does not wait for them)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[tuple[int, float]]] = {}
    for entry in Path("/proc").iterdir():
        with suppress(OSError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cpu = sum(int(field) for field in fields[11:15]) / tick
            children.setdefault(int(fields[1]), []).append((int(entry.name), cpu))
    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    waiting = [os.getpid()]
    while waiting:
        for pid, cpu in children.get(waiting.pop(), []):
            total += cpu
            waiting.append(pid)
    return total


def browser_run_targets(rows: dict[str, Row]) -> list[str]:
    found = []
    for name, target in (("browser-all", BROWSER_ALL_TARGET),
                         ("browser-pages", BROWSER_PAGES_TARGET)):  # fmt: skip
        row = rows.get(BROWSER_SHORT[name])
        if row and row.inside:
            found.append(_target(f"{BROWSER_SHORT[name]}, seconds", _inside(row), target))
            used = statistics.median(inside["browser_cpu"] for inside in row.inside)
            found.append(f"{BROWSER_SHORT[name]}, CPU seconds with Chromium's: {used:.1f}")
    return found


CHILDREN: dict[str, Callable[[], dict[str, float]]] = {
    "floor": floor,
    "recorder": recorder,
    "recorder-postgresql": recorder_on_postgresql,
    "recorder-mariadb": recorder_on_mariadb,
    "cold-runs": cold_runs,
    "warm-runs": warm_runs,
    "printing-real": lambda: printing("real"),
    "printing-recorded": lambda: printing("recorded"),
    "long-line-real": lambda: printing("real", "long-line"),
    "long-line-recorded": lambda: printing("recorded", "long-line"),
    "twenty-mb-real": lambda: printing("real", "twenty-mb"),
    "twenty-mb-recorded": lambda: printing("recorded", "twenty-mb"),
    **{name: functools.partial(browser_run, name) for name in BROWSER_CHILDREN},
}


@dataclass
class Row:
    name: str
    command: list[str]
    times: list[float]
    cpu: list[float]
    failed: int = 0
    inside: list[dict[str, float]] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)


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
        "docs build": [*python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
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


def _seconds(value: float) -> str:
    return f"{value:7.2f} s"


def report(rows: dict[str, Row], modules: int) -> str:
    runs = sorted({len(row.times) for row in rows.values()})
    lines = [
        f"Medians of {' or '.join(map(str, runs))} run(s) a row; {_machine()}",
        "",
        f"{'wall time, interpreter start included':38} {'median':>9} {'lowest':>9} "
        f"{'highest':>9} {'CPU':>9}",
    ]
    for row in rows.values():
        failed = f"  ({row.failed} of {len(row.times)} failed)" if row.failed else ""
        lines.append(
            f"{row.name:38} {_seconds(row.median)} {_seconds(min(row.times))} "
            f"{_seconds(max(row.times))} {_seconds(statistics.median(row.cpu))}{failed}"
        )
        if row.inside:
            imports = statistics.median(inside["import"] for inside in row.inside)
            runs = statistics.median(inside["modules"] for inside in row.inside)
            lines.append(
                f"    of which importing {imports:.2f} s, the modules {runs:.2f} s "
                f"({runs / modules * 1000:.1f} ms a module)"
            )
    lines += ["", *_ratios(rows, modules)]
    return "\n".join(lines)


def _ratios(rows: dict[str, Row], modules: int) -> list[str]:
    found = []
    floor_row = rows.get("floor")
    tutorial = rows.get("tutorial tests")
    if floor_row:
        found.append(
            f"floor per module: {floor_row.median / modules * 1000:.0f} ms ({modules} modules)"
        )
    if floor_row and rows.get("recorder"):
        found.append(_target("recorder / floor", rows["recorder"].median / floor_row.median,
                             RECORDER_RATIO_TARGET))  # fmt: skip
    found += _baseline_ratios(rows)
    if floor_row and tutorial:
        found.append(_target("tutorial tests / floor", tutorial.median / floor_row.median,
                             TUTORIAL_RATIO_TARGET))  # fmt: skip
    cold, warm = rows.get("real runs, cold"), rows.get("real runs, warm server")
    if cold and warm and cold.inside and warm.inside:
        speedup = _inside(cold) / _inside(warm)
        found.append(_target("real-run proof, cold / warm server", speedup,
                             REAL_RUN_SPEEDUP_TARGET, at_least=True))  # fmt: skip
    for printed, shown in (("printing", f"printing {PRINTED_LINES:,} lines"),
                           ("printing a 1 MB line", "printing a 1 MB line"),
                           ("printing 20 MB", "printing 20 MB")):  # fmt: skip
        real, recorded = rows.get(f"{printed}, real run"), rows.get(f"{printed}, recorded")
        if real and recorded and real.inside and recorded.inside:
            ratio = _inside(recorded) / _inside(real)
            found.append(_target(f"{shown}, recorded / real run", ratio, PRINTING_RATIO_TARGET))
    for name, target in (("test command -m 'not site'", SUITE_NO_SITE_TARGET),
                         ("test command", SUITE_TARGET),
                         ("recorder on postgresql", POSTGRESQL_TARGET),
                         ("recorder on mariadb", MARIADB_TARGET),
                         ("browser checks", BROWSER_TARGET)):  # fmt: skip
        if name in rows:
            found.append(_target(f"{name}, seconds", rows[name].median, target))
    return [*found, *browser_run_targets(rows)]


def _baseline_ratios(rows: dict[str, Row]) -> list[str]:
    """The record tests against the thin tests they replace: wall time (the target) and CPU
    time (which other work on the machine changes less)."""
    thin, recorded = rows.get(THIN), rows.get(RECORD_TESTS)
    if not thin or not recorded:
        return []
    wall = recorded.median / thin.median
    cpu = statistics.median(recorded.cpu) / statistics.median(thin.cpu)
    return [
        _target(f"{RECORD_TESTS} / {THIN}, wall", wall, BASELINE_RATIO_TARGET),
        f"{RECORD_TESTS} / {THIN}, CPU: {cpu:.2f}",
    ]


def _inside(row: Row) -> float:
    """The median time of the row's own work, its imports left out."""
    return statistics.median(inside["modules"] for inside in row.inside or [])


def _target(name: str, value: float, target: float, *, at_least: bool = False) -> str:
    met = value >= target if at_least else value <= target
    bound = "at least" if at_least else "at most"
    return f"{name}: {value:.2f} (target {bound} {target:g}: {_met(met)})"


def _met(met: bool) -> str:
    return "met" if met else "MISSED"


def _machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{cores} cores, Python {platform.python_version()}, load average {load} at the start"
        " (other work on the machine slows every row)"
    )


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
