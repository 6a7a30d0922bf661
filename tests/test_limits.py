"""A step's limits: memory, file size, processes, open files, output, and its time limit
enforced from outside, whatever the step sends or stops (``tutorial_recorder.runner.limits``).

Each test runs one fixture module (``tests/fixtures/limits_*.py``) under small limits, set
on the project as ``[tool.tutorial-recorder]`` would set them, and states the exact outcome.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests import test_config
from tests.layout import PROJECT
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import KiB, Limits, MiB
from tutorial_recorder.runner import sandbox
from tutorial_recorder.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = replace(
    PROJECT,
    limits=Limits(memory=128 * MiB, file_size=1 * MiB, processes=8, open_files=32, output=64 * KiB),
)


def _failure(module: str, seconds: float = 5) -> str:
    with pytest.raises(StepError) as stopped:
        record(SMALL, FIXTURES / module, seconds=seconds)
    return str(stopped.value)


def test_an_allocation_past_the_memory_limit_fails_naming_the_limit() -> None:
    failure = _failure("limits_allocates.py")
    assert failure.startswith(
        "tests/fixtures/limits_allocates.py ran out of memory: a step may allocate 128 MiB "
        "(memory_limit in [tool.tutorial-recorder]).\n\n"
        "Transcript so far:\nallocating 512 MiB\nTraceback (most recent call last):\n"
    )
    assert failure.endswith("\nMemoryError\n")


def test_a_file_past_the_file_size_limit_fails_naming_the_limit() -> None:
    assert _failure("limits_writes_a_large_file.py") == (
        "tests/fixtures/limits_writes_a_large_file.py wrote a file larger than 1 MiB, the most "
        "a step may write (file_size_limit in [tool.tutorial-recorder]).\n\n"
        "Transcript so far:\nwriting 4 MiB\nTraceback (most recent call last):\n  ...\n"
        "OSError: [Errno 27] File too large\n"
    )


def test_a_fork_bomb_is_killed_at_the_process_limit() -> None:
    started = time.monotonic()
    assert _failure("limits_fork_bomb.py", seconds=15) == (
        "tests/fixtures/limits_fork_bomb.py had more than 8 processes at once, the most a step "
        "may have (process_limit in [tool.tutorial-recorder]): they were all killed.\n\n"
        "Transcript so far:\nforking\n"
    )
    assert time.monotonic() - started < 10  # not the 15 s time limit, nor the bomb's 20 s


def test_too_many_open_files_fail_naming_the_limit() -> None:
    assert _failure("limits_opens_files.py") == (
        "tests/fixtures/limits_opens_files.py had more than 32 files open at once, the most a "
        "step may have (open_files_limit in [tool.tutorial-recorder]).\n\n"
        "Transcript so far:\nopening 100 files\nTraceback (most recent call last):\n  ...\n"
        "OSError: [Errno 24] Too many open files: '/dev/null'\n"
    )


def test_output_past_the_limit_stops_the_step_and_keeps_the_first_part() -> None:
    failure = _failure("limits_prints_too_much.py")
    head, _, shown = failure.partition("\n\n")
    assert head == (
        "tests/fixtures/limits_prints_too_much.py printed more than 64 KiB, the most a step "
        "may print (output_limit in [tool.tutorial-recorder]): it was stopped there."
    )
    lines = shown.splitlines()
    assert lines[0] == "The first 4 KiB it printed:"
    assert lines[1:65] == [f"line {number:06d} " + "." * 51 for number in range(64)]
    assert lines[65:] == ["[killed by SIGKILL]"]


def test_messages_sent_from_inside_the_step_do_not_move_its_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(SMALL, FIXTURES / "limits_resets_its_deadline.py", seconds=0.5)
    assert time.monotonic() - started < 5  # not the 10 s the module tries to run for
    assert str(stopped.value) == (
        "tests/fixtures/limits_resets_its_deadline.py did not finish: 0.5 s after the end of "
        "its code it was still running.\n\n"
        "Transcript so far:\nfound the control pipe\n"
    )


def _gone(pid: int) -> bool:
    """No such process, or one that has ended and waits only to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except (FileNotFoundError, ProcessLookupError):  # gone before, or while, it was read
        return True
    return stat.rpartition(b")")[2].split()[0] in (b"Z", b"X")


@pytest.fixture
def stopped_pids() -> Iterator[list[int]]:
    """The pids a test names, killed after it whatever happened (a stopped supervisor
    would otherwise stay)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_step_that_stops_its_supervisor_is_killed_by_the_recording_process(
    stopped_pids: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the kernel's sandbox (the audit hook only), where a step can stop its
    supervisor: the pids it prints are real ones there."""
    monkeypatch.setenv(sandbox.VARIABLE, sandbox.AUDIT)
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(SMALL, FIXTURES / "limits_stops_its_supervisor.py", seconds=0.5, grace=1.0)
    assert time.monotonic() - started < 10  # not the 30 s the module prints for
    head, _, transcript = str(stopped.value).partition("\n\n")
    assert head == (
        "tests/fixtures/limits_stops_its_supervisor.py was stopped: its supervisor had not "
        "reported 2 s after the step started; both were killed and the step's folder removed."
    )
    first, *rest = transcript.splitlines()[1:]
    assert transcript.startswith("Transcript so far:\npids ")
    _, step, supervisor, _, folder = first.split()
    stopped_pids += [int(step), int(supervisor)]
    assert set(rest) == {"still here"}
    assert _gone(int(step)) and _gone(int(supervisor))
    assert not Path(bytes.fromhex(folder).decode()).parent.exists()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('memory_limit = "lots"', 'memory_limit must be a size such as "16 MiB"'),
        ('memory_limit = "1 MiB"', 'memory_limit must be a size such as "16 MiB"'),
        ("file_size_limit = -1", 'file_size_limit must be a size such as "16 MiB"'),
        ('output_limit = "16 MB"', 'output_limit must be a size such as "16 MiB"'),
        ("process_limit = 0", "process_limit must be a whole number, at least 1."),
        ('open_files_limit = "many"', "open_files_limit must be a whole number, at least 16."),
        ("process_limit = true", "process_limit must be a whole number, at least 1."),
        ("open_files_limit = 1152921504606846976", "open_files_limit must be a whole number"),
        ('memory_limit = "1073741824 GiB"', 'memory_limit must be a size such as "16 MiB"'),
    ],
)
def test_a_bad_limit_is_a_config_error_naming_it(tmp_path: Path, line: str, problem: str) -> None:
    test_config.test_a_bad_table_is_named_with_its_key(tmp_path, line, problem)


def test_limits_are_read_from_the_table(tmp_path: Path) -> None:
    (tmp_path / "docs_src").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tutorial-recorder]\n"
        'memory_limit = "2 GiB"\nfile_size_limit = 1048576\noutput_limit = "512 KiB"\n'
        "process_limit = 4\nopen_files_limit = 64\n",
        encoding="utf-8",
    )
    assert config.load(tmp_path).limits == Limits(
        memory=2 << 30, file_size=1 << 20, processes=4, open_files=64, output=512 << 10
    )
    assert PROJECT.limits == Limits()


def test_in_the_kernels_sandbox_a_step_cannot_stop_its_supervisor() -> None:
    """The supervisor is the first process of the step's PID namespace, which ignores a
    stop sent from inside it: the step runs into its time limit."""
    if sandbox.guarantee() != sandbox.CONFINED:
        pytest.skip(f"the kernel's sandbox is not available here: {sandbox.guarantee()}")
    started = time.monotonic()
    with pytest.raises(StepError) as stopped:
        record(SMALL, FIXTURES / "limits_stops_its_supervisor.py", seconds=0.5, grace=1.0)
    assert time.monotonic() - started < 10
    head = str(stopped.value).partition("\n\n")[0]
    assert head == "tests/fixtures/limits_stops_its_supervisor.py did not finish within 0.5 s."


def test_in_the_kernels_sandbox_a_step_cannot_lift_its_limits() -> None:
    """The limits are set before the sandbox drops the step's capabilities, so not even a
    step run as root can raise them again."""
    if sandbox.guarantee() != sandbox.CONFINED:
        pytest.skip(f"the kernel's sandbox is not available here: {sandbox.guarantee()}")
    transcript = record(SMALL, FIXTURES / "limits_raises_its_limit.py")
    assert transcript.reading.printed == ["refused: ValueError"]
