"""Determinism and concurrency: every step records the same bytes in any order, and the
tutorial tests agree when two pytest processes run them at once.

The concurrency test runs the tutorial tests (``pyproject.toml::records`` and the chapters'
claim tests, the unit that writes and reads records) in two pytest processes at once, rather
than the whole suite: a whole-suite repeat would double the suite's time, and the other tests
neither read records from a run nor depend on hash order.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT, SQLITE, record_bytes
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project.paths import KINDS
from tutorial_recorder.runner.recorder import record

from .conftest import Run

# Determinism: any order, any process


def _differing(module: Path) -> list[str]:
    """The records of ``module`` that a new recording of it does not match byte for byte."""
    transcript = record(PROJECT, module)
    return [
        PROJECT.relative(SQLITE.record_for(PROJECT, module, kind))
        for kind in KINDS
        if transcript.recorded(kind).encode()
        != SQLITE.record_for(PROJECT, module, kind).read_bytes()
    ]


@dataclass
class Orders:
    orders: list[list[str]]
    differing: list[str]


def every_step_in_two_random_orders() -> Orders:
    """Every step recorded one after the other, in two random orders, each step compared
    with its records."""
    orders, differing = [], []
    for _ in range(2):
        order = random.sample(PROJECT.modules(), len(PROJECT.modules()))
        orders.append([PROJECT.step_id(module) for module in order])
        for module in order:
            differing += _differing(module)
    return Orders(orders, differing)


@pytest.mark.ahead.with_args(every_step_in_two_random_orders)
def test_every_step_records_the_same_bytes_in_any_order(
    tutorial_ahead: Ahead, tutorial_run: Run
) -> None:
    """Two random orders, one step at a time, and the suite's own recordings, started side
    by side on every core (``tutorial_recorder.plugin.ahead``): three orders, all equal to the
    records."""
    found = tutorial_ahead.result(every_step_in_two_random_orders)
    assert found.orders[0] != found.orders[1]
    assert found.differing == []
    for module in PROJECT.modules():
        for kind in KINDS:
            assert (
                tutorial_run(module).recorded(kind).encode()
                == SQLITE.record_for(PROJECT, module, kind).read_bytes()
            )


# Determinism and concurrency: the tutorial tests in two pytest processes at once

TUTORIAL_TESTS = [
    f"{ROOT / 'pyproject.toml'}::records",
    *sorted(
        {ROOT / "tests" / PROJECT.step_id(module).split("/")[0] for module in PROJECT.modules()}
    ),
]
NOT_INHERITED = (
    "PYTEST_ADDOPTS",
    "PYTEST_CURRENT_TEST",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTHONHASHSEED",
)


def _pytest(
    folder: Path, name: str, hash_seed: int, order_seed: int, *more: str
) -> subprocess.Popen[str]:
    """The tutorial tests in a new pytest process started in ``folder``, read-only
    (``--inline-snapshot=disable``), its outcomes written to ``folder / f"{name}.xml"``.
    Plain asserts and no pytest-examples, which these tests do not use, to start faster."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env["PYTHONHASHSEED"] = str(hash_seed)
    command = [
        *(sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml")),
        *("--rootdir", str(ROOT), "-p", "no:examples", "--assert=plain"),
        *("--inline-snapshot=disable", f"--randomly-seed={order_seed}"),
        f"--basetemp={folder / (name + '-tmp')}",
        f"--junit-xml={folder / (name + '.xml')}",
        *more,
        *map(str, TUTORIAL_TESTS),
    ]
    return subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _outcomes(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[f"{case.get('classname')}.{case.get('name')}"] = kinds[0] if kinds else "passed"
    return outcomes


LEARNERS_DATA = b"a learner's own database, not to be touched"


@dataclass
class TwoRuns:
    seeds: str
    exit_codes: dict[str, int]
    outputs: dict[str, str]
    outcomes: dict[str, dict[str, str]]
    changed_records: list[str]
    folder: list[str]
    learners_data: bytes


def two_runs_at_once() -> TwoRuns:
    """The tutorial tests twice at once from a folder holding a learner's database.db: one
    run serial, one with two xdist workers, each with a random hash seed and test order."""
    hash_seeds = random.sample(range(1, 2**32), 2)
    order_seeds = random.sample(range(1, 2**32), 2)
    before = record_bytes()
    with tempfile.TemporaryDirectory(prefix="companion-two-runs-") as name:
        folder = Path(name)
        (folder / "database.db").write_bytes(LEARNERS_DATA)
        started = {
            "serial": _pytest(folder, "serial", hash_seeds[0], order_seeds[0]),
            "workers": _pytest(folder, "workers", hash_seeds[1], order_seeds[1], "-n", "2"),
        }
        outputs = {run: process.communicate(timeout=600)[0] for run, process in started.items()}
        after = record_bytes()
        return TwoRuns(
            seeds=f"PYTHONHASHSEED {hash_seeds}, --randomly-seed {order_seeds} (serial, workers)",
            exit_codes={run: process.returncode for run, process in started.items()},
            outputs=outputs,
            outcomes={
                run: _outcomes(folder / f"{run}.xml")
                for run in started
                if (folder / f"{run}.xml").exists()
            },
            changed_records=sorted(
                record
                for record in before.keys() | after.keys()
                if before.get(record) != after.get(record)
            ),
            folder=sorted(
                path.name for path in folder.iterdir() if not path.name.startswith(tuple(started))
            ),
            learners_data=(folder / "database.db").read_bytes(),
        )


@pytest.mark.ahead.with_args(two_runs_at_once)
def test_two_runs_at_once_with_other_orders_hash_seeds_and_workers_agree_and_write_nothing(
    tutorial_ahead: Ahead,
) -> None:
    """One serial run and one with two xdist workers, at the same time on the real tree, each
    with its own random test order and hash seed, started in a folder that holds a learner's
    database.db. Both pass, with the same outcome for every test: each run's transcripts and
    database states equal the records byte for byte. No record and nothing in the folder
    changes. (Started ahead: ``tutorial_recorder.plugin.ahead``.)"""
    runs = tutorial_ahead.result(two_runs_at_once)

    for run in ("serial", "workers"):
        assert runs.exit_codes[run] == 0, f"{runs.seeds}\n{runs.outputs[run][-6000:]}"
    assert "created: 2/2 workers" in runs.outputs["workers"]
    serial = runs.outcomes["serial"]
    assert len(serial) > 2 * len(PROJECT.modules())
    assert set(serial.values()) == {"passed"}
    assert runs.outcomes["workers"] == serial, runs.seeds
    assert runs.changed_records == []
    assert runs.folder == ["database.db"]
    assert runs.learners_data == LEARNERS_DATA
