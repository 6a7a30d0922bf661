"""Normalisation takes time linear in its input: a 1 MB line, a 128 KB database value.

A step may print a line of megabytes, or leave one in its database; every rule of
``tutorial_recorder.records.normalise`` must read it in time proportional to its length, where
quadratic rules took 5 s for 32 KB and never ended for 1 MB. Each shape below is the worst
case of one rule (or what the issue measured). It is normalised at sizes N and 4N in a
child process with a time limit (a quadratic rule never ends there, and must not stop this
one), best of three ``time.process_time`` each: linear takes about 4 times as long,
quadratic 16; the test wants less than 8. And ordinary text reads as before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.runner.recorder import record

LIMIT = 8.0
SECONDS = 120
ORDERS = (("id", "name", "secret_name", "age", "team_id"),)
LINES = {
    "a path of many folders (paths)": '"/a" * (n // 2)',
    "folders named like site-packages (paths)": '"xsite-packages/" * (n // 15)',
    "blanks before a word (trailing blanks)": '" " * n + "x"',
    "digits in a badge (timing badges)": '"INFO sqlalchemy.e [" + "1" * n',
    "table headers never closed (link tables)": '"CREATE TABLE a (\\n" * (n // 17)',
    "insert headers never closed (batches)": '"INFO sqlalchemy.e INSERT INTO t (\\n" * (n // 34)',
    "indented lines after a traceback (tracebacks)": (
        '"Traceback (most recent call last):\\n" + " x\\n" * (n // 3)'
    ),
    "fields opening brackets (model reprs)": '"name=(" * (n // 6)',
    "a field with a long value (model reprs)": '"name=1 age=" + "9" * n',
}
VALUES = {
    "a path of many folders": '"/a" * (n // 2)',
    "blanks before a word": '" " * n + "x"',
    "a repr of fields": '"name=1 age=(" * (n // 12)',
}
CHILD = """
import json, sys, time
from tutorial_recorder.records.normalise import normalise, normalise_dump
shape, kind, orders, sizes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
def once(n):
    text = eval(shape, {"n": n})
    started = time.process_time()
    if kind == "line":
        normalise(text, orders)
    else:
        normalise_dump(["CREATE TABLE t (v TEXT);", "INSERT INTO t VALUES('" + text + "');"])
    return time.process_time() - started
print(json.dumps([min(once(int(n)) for _ in range(3)) for n in sizes]))
"""


def _times(shape: str, kind: str, size: int) -> tuple[float, float]:
    """Best-of-three CPU seconds to normalise ``shape`` at ``size`` characters, and at 4x."""
    command = [sys.executable, "-c", CHILD, shape, kind, json.dumps(ORDERS), str(size)]
    try:
        done = subprocess.run(
            [*command, str(4 * size)], capture_output=True, text=True, timeout=SECONDS, check=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"normalising {shape} at {size:,} and {4 * size:,} took over {SECONDS} s")
    small, large = json.loads(done.stdout)
    return small, large


@pytest.mark.parametrize("shape", LINES)
def test_a_1_mb_line_takes_time_proportional_to_its_length(shape: str) -> None:
    small, large = _times(LINES[shape], "line", 256 * 1024)
    assert large / max(small, 1e-3) < LIMIT, (shape, small, large)
    assert large < 30, (shape, large)


@pytest.mark.parametrize("shape", VALUES)
def test_a_128_kb_database_value_takes_time_proportional_to_its_length(shape: str) -> None:
    small, large = _times(VALUES[shape], "value", 32 * 1024)
    assert large / max(small, 1e-3) < LIMIT, (shape, small, large)


def test_every_record_reads_as_before() -> None:
    """Records are normalised text: normalised again, each is the same bytes."""
    records = PROJECT.record_files()
    assert records
    changed = [path for path in records if normalise(text := path.read_text()) != text]
    assert not changed


ENGINE = "INFO sqlalchemy.engine.Engine"
ORDINARY = (
    f"2026-11-21 20:00:00,123 {ENGINE} INSERT INTO hero (name, age) VALUES (?, ?)   \n"
    f"{ENGINE} [generated in 0.00011s (insertmanyvalues) 1/1 (unordered)] "
    "{'age__0': 30, 'name__0': 'Deadpond', 'name__1': 'Rusty-Man', 'age__1': 48}\n"
    "/home/you/.venv/lib/python3.12/site-packages/sqlalchemy/orm/x.py:1: SAWarning: a\n"
    "Hero(age=30, name='Deadpond', id=1) at 0x7f3a1c2b\n"
    "Traceback (most recent call last):\n"
    '  File "/home/you/tutorial.py", line 9, in <module>\n'
    "ValueError: no\n"
)


def test_ordinary_text_reads_as_before() -> None:
    assert normalise(ORDINARY, (("id", "name", "age"),)) == (
        f"{ENGINE} INSERT INTO hero (name, age) VALUES (?, ?)\n"
        f"{ENGINE} [generated in ...s (insertmanyvalues) 1/1 (unordered)] "
        "{'name__0': 'Deadpond', 'age__0': 30, 'name__1': 'Rusty-Man', 'age__1': 48}\n"
        "<site-packages>/sqlalchemy/orm/x.py:1: SAWarning: a\n"
        "Hero(id=1, name='Deadpond', age=30) at 0x...\n"
        "Traceback (most recent call last):\n"
        "  ...\n"
        "ValueError: no\n"
    )


def test_a_step_that_prints_a_1_mb_line_is_recorded(tmp_path: Path) -> None:
    module = tmp_path / "prints_a_long_line.py"
    module.write_text('print("/a" * 500_000)\n')
    assert record(PROJECT, module, seconds=60).text == "/a" * 500_000 + "\n"
