"""The bench's report: each row's medians, and the ratios and targets the issues set."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass

from bench_rows import PRINTED_LINES

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
BROWSER_ALL_TARGET = 90.0
BROWSER_PAGES_TARGET = 30.0
BROWSER_SHORT = {
    "browser-cold": "browser run, first output cold",
    "browser-warm": "browser run, first output warm",
    "browser-all": "browser runs, every step",
    "browser-pages": "browser page checks",
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
            work = statistics.median(inside["modules"] for inside in row.inside)
            count = row.inside[0]["count"]  # the modules, or the pages, the row went through
            lines.append(
                f"    of which importing {imports:.2f} s, the work {work:.2f} s "
                f"({work / count * 1000:.1f} ms each of {count:g})"
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
