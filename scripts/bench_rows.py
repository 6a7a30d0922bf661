"""The bench's child rows: each runs in a process of its own, started by ``scripts/bench.py
--child NAME``, and prints its own timings as JSON (``import``: the set-up before its work;
``modules``: the work; ``count``: how many modules or pages it did). What each row measures
is described at the top of ``scripts/bench.py``."""

from __future__ import annotations

import functools
import os
import re
import runpy
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import chdir, redirect_stderr, redirect_stdout, suppress
from dataclasses import replace
from pathlib import Path

from tutorial_recorder.project import config
from tutorial_recorder.runner.cores import cores

ROOT = Path(__file__).resolve().parents[1]
PROJECT = config.load(ROOT)
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


def recorder_on(database: str) -> dict[str, float]:
    """The child process of the ``recorder on postgresql`` and ``recorder on mariadb`` rows:
    a new server of ``database`` (its start counted in ``import``), every module recorded on
    it side by side on every core and rendered as the records hold them, then the server
    stopped."""
    started = time.perf_counter()
    from tutorial_recorder.databases.mariadb import server as mariadb
    from tutorial_recorder.databases.postgresql import server as postgresql
    from tutorial_recorder.databases.registry import named
    from tutorial_recorder.runner.recorder import record

    running = {"postgresql": postgresql, "mariadb": mariadb}[database].shared()
    imported = time.perf_counter()
    on, modules = named(database), PROJECT.modules()
    with ThreadPoolExecutor(cores()) as pool:
        for transcript in pool.map(lambda module: record(PROJECT, module, on=on), modules):
            _ = transcript.text, transcript.state
    running.stop()
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
BROWSER_SITE = "COMPANION_BENCH_SITE"
SITE_BUILD = "tutorial_recorder.site.build"
"""The site as the tests build it (Zensical), into ``FOLDER/site``."""
BROWSER_CHILDREN = ("browser-cold", "browser-warm", "browser-all", "browser-pages")


def browser_run(which: str) -> dict[str, float]:
    """The child process of a ``browser run`` row: seconds to the first output (cold or warm)
    or for every step, as ``modules``; building the site, if it is not built, as ``import``."""
    from tutorial_recorder.site import browser, browser_runs

    started = time.perf_counter()
    site = Path(os.environ[BROWSER_SITE])
    if not (site / "index.html").is_file():
        command = [sys.executable, "-m", SITE_BUILD, "zensical", str(site.parent)]
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


CHILDREN: dict[str, Callable[[], dict[str, float]]] = {
    "floor": floor,
    "recorder": recorder,
    "recorder-postgresql": lambda: recorder_on("postgresql"),
    "recorder-mariadb": lambda: recorder_on("mariadb"),
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
