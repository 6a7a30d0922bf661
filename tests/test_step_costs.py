"""What makes a recording cheaper checks no less: the steps' folders in memory, and the
process count that reads a few ``/proc`` files while a step is alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.layout import PROJECT, SQLITE
from tutorial_recorder.project.paths import KINDS, KiB, Limits, MiB
from tutorial_recorder.runner import supervisor
from tutorial_recorder.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = replace(
    PROJECT,
    limits=Limits(memory=256 * MiB, file_size=1 * MiB, processes=8, open_files=64, output=64 * KiB),
)


def test_the_steps_folders_are_in_memory_unless_tmpdir_names_a_place(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TMPDIR", raising=False)
    expected = "/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else tempfile.gettempdir()
    assert supervisor.parent() == expected
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile caches what it found
    assert supervisor.parent() == str(tmp_path)


FORKS_WHEN_TOLD = """
import os, sys, time
pid = os.fork()
if pid == 0:
    sys.stdin.readline()
    if os.fork() == 0:
        time.sleep(60)
    time.sleep(60)
print(pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_a_step_alone_is_told_apart_from_one_with_a_child() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", FORKS_WHEN_TOLD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert parent.stdin is not None and parent.stdout is not None
    try:
        step = int(parent.stdout.readline())
        seen = supervisor.Seen(parent.pid, step)
        assert supervisor._children_listed(parent.pid) == [str(step)]
        assert supervisor._only_the_step(seen) is True
        parent.stdin.write("fork\n")
        parent.stdin.flush()
        deadline = time.monotonic() + 60
        while not supervisor._children_listed(step) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(supervisor._children_listed(step)) == 1
        assert supervisor._only_the_step(seen) is False
        assert supervisor._only_the_step(supervisor.Seen(parent.pid, parent.pid)) is False
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()


def test_orphans_of_a_step_still_count_toward_its_process_limit() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(SMALL, FIXTURES / "perf_orphans.py", seconds=15)
    assert str(stopped.value) == (
        "tests/fixtures/perf_orphans.py had more than 8 processes at once, the most a step "
        "may have (process_limit in [tool.tutorial-recorder]): they were all killed.\n\n"
        "Transcript so far:\norphaning\n"
    )
    assert time.monotonic() - started < 14  # killed at the count, not at the time limit


def test_a_recording_in_memory_is_its_records_byte_for_byte() -> None:
    module = PROJECT.modules()[0]
    transcript = record(PROJECT, module)
    for kind in KINDS:
        recorded = SQLITE.record_for(PROJECT, module, kind).read_bytes()
        assert transcript.recorded(kind).encode() == recorded
