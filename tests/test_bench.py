"""The bench's baseline: the thin tests and the record tests it compares run the same steps,
and the ratios it prints."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.layout import PROJECT, ROOT


def _script(name: str) -> ModuleType:
    """``scripts/NAME.py``, imported as ``python scripts/bench.py`` imports it: with the
    folder first on the path, where its sibling modules are."""
    folder = str(ROOT / "scripts")
    sys.path.insert(0, folder)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(folder)


bench = _script("bench")
report = _script("bench_report")


def _collected(command: list[str]) -> list[str]:
    done = subprocess.run(
        [*command, "--collect-only", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_the_thin_tests_and_the_record_tests_run_the_same_steps(tmp_path: Path) -> None:
    commands = bench.baseline_commands(tmp_path)
    assert (tmp_path / "pytest.ini").read_text() == "[pytest]\n"
    thin = _collected(commands[report.THIN])
    recorded = _collected(commands[report.RECORD_TESTS])
    modules = [str(module) for module in PROJECT.modules()]
    assert [test.partition("[")[2][:-1] for test in thin] == modules
    ids = sorted(PROJECT.step_id(module) for module in PROJECT.modules())
    names = (test.split("::")[-1].removeprefix("sqlite/") for test in recorded)
    named = sorted({name.split(".")[0] for name in names})
    assert named == ids
    assert len(recorded) == 3 * len(modules)
    assert not any("postgresql" in test for test in recorded)


def _row(name: str, times: list[float], cpu: list[float]) -> Any:
    return report.Row(name, [sys.executable], times, cpu)


def test_the_ratios_of_the_record_tests_to_the_thin_tests() -> None:
    rows = {
        report.THIN: _row(report.THIN, [4.0, 5.0, 6.0], [3.0, 3.0, 3.0]),
        report.RECORD_TESTS: _row(report.RECORD_TESTS, [5.0, 6.0, 30.0], [7.5, 6.0, 9.0]),
    }
    assert report._baseline_ratios(rows) == [
        "record tests, SQLite / thin tests (baseline), wall: 1.20 (target at most 1: MISSED)",
        "record tests, SQLite / thin tests (baseline), CPU: 2.50",
    ]
    rows[report.RECORD_TESTS].times = [4.0, 4.5, 5.0]
    assert report._baseline_ratios(rows)[0].endswith("wall: 0.90 (target at most 1: met)")
    assert report._baseline_ratios({report.THIN: rows[report.THIN]}) == []


def test_the_recorder_has_a_target_against_the_floor() -> None:
    rows = {
        "floor": _row("floor", [2.0], [2.0]),
        "recorder": _row("recorder", [2.8], [3.0]),
    }
    assert "recorder / floor: 1.40 (target at most 1.5: met)" in report._ratios(rows, 58)
