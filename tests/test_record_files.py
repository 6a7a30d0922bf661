"""Records on disk: written in one step, read exactly, and a damaged one named.

Each test makes a small project of its own in a temporary folder (``make_project``): copies
of one step module, with stale records, and runs pytest there, as a maintainer would. The
two long ones are started ahead (``tutorial_recorder.plugin.ahead``).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project.paths import KINDS
from tutorial_recorder.records import files

STEP = Path(__file__).parent / "outside" / "examples" / "many_links" / "step1.py"
STALE = b"a record from long ago\n" * 200
PYPROJECT = """\
[tool.tutorial-recorder]
modules = ["steps"]
records = "records"
docs = "pages"

[tool.pytest.ini_options]
addopts = ["-p", "no:randomly", "-p", "no:cacheprovider", "-q"]
"""


def make_project(folder: Path, copies: int) -> dict[Path, bytes]:
    """A project of ``copies`` steps whose records are all stale; the bytes each record
    must have once fixed, as a ``create`` run wrote them."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for number in range(1, copies + 1):
        module = folder / "steps" / "links" / f"step{number:03}.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_bytes(STEP.read_bytes())
    _finished(folder, _pytest(folder, "--inline-snapshot=create"))
    fresh = {path: path.read_bytes() for path in sorted((folder / "records").rglob("*.*"))}
    assert len(fresh) == copies * len(KINDS)
    for path in fresh:
        path.write_bytes(STALE)
    return fresh


def _pytest(folder: Path, *arguments: str) -> subprocess.Popen[bytes]:
    """pytest's record tests in the project ``folder``; its output goes to ``output.txt``
    beside it (a pipe nobody reads while the run goes on could fill up and stop it)."""
    skip = ("PYTEST_", "PYTHONHASH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    with (folder.parent / "output.txt").open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "pytest", "pyproject.toml::records", *arguments],
            cwd=folder,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _finished(folder: Path, process: subprocess.Popen[bytes]) -> str:
    """What the run in ``folder`` printed, once it has ended."""
    process.wait(timeout=300)
    return (folder.parent / "output.txt").read_text(encoding="utf-8")


def _first_write(fresh: dict[Path, bytes], process: subprocess.Popen[bytes]) -> bool:
    """Wait until one record holds its new bytes (or the run ends): whether one does."""
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if any(path.read_bytes() == new for path, new in fresh.items()):
            return True
        time.sleep(0.002)
    return False


@dataclass
class Killed:
    kills: int
    damaged: list[str]
    """Each record, after a kill, that held neither its old bytes nor its new ones."""


def killed_fix_runs() -> Killed:
    """Three fix runs of a project with 36 stale records, each killed with SIGKILL at a
    random moment once it has written its first record."""
    with tempfile.TemporaryDirectory(prefix="companion-killed-") as name:
        project = Path(name) / "project"
        fresh = make_project(project, copies=12)
        kills, damaged = 0, []
        for _ in range(3):
            process = _pytest(project, "--inline-snapshot=fix")
            if _first_write(fresh, process):
                time.sleep(random.uniform(0, 0.05))
                process.send_signal(signal.SIGKILL)
                kills += 1
            _finished(project, process)
            damaged += [p.name for p, new in fresh.items() if p.read_bytes() not in (STALE, new)]
            for path in fresh:
                path.write_bytes(STALE)
        return Killed(kills, damaged)


@pytest.mark.ahead.with_args(killed_fix_runs)
def test_a_fix_run_killed_at_random_moments_never_leaves_a_truncated_record(
    tutorial_ahead: Ahead,
) -> None:
    killed = tutorial_ahead.result(killed_fix_runs)
    assert killed.kills == 3, "a run ended before it wrote a record"
    assert killed.damaged == []


@dataclass
class Read:
    output: str
    code: int | None
    damaged: list[str]
    """Each read that found neither the old bytes nor the new ones."""
    new_reads: int
    all_new: bool


def fix_run_with_a_reader() -> Read:
    """A fix run of a project with 36 stale records, while a thread reads every record
    over and over until the run ends."""
    with tempfile.TemporaryDirectory(prefix="companion-read-") as name:
        project = Path(name) / "project"
        fresh = make_project(project, copies=12)
        new_reads = 0
        damaged: list[str] = []
        process = _pytest(project, "--inline-snapshot=fix")

        def read_all() -> None:
            nonlocal new_reads
            while process.poll() is None:
                for path, new in fresh.items():
                    data = path.read_bytes()
                    if data == new:
                        new_reads += 1
                    elif data != STALE:
                        damaged.append(f"{path.name}: {len(data)} bytes")

        reader = threading.Thread(target=read_all)
        reader.start()
        output = _finished(project, process)
        reader.join()
        all_new = all(path.read_bytes() == new for path, new in fresh.items())
        return Read(output, process.returncode, damaged, new_reads, all_new)


@pytest.mark.ahead.with_args(fix_run_with_a_reader)
def test_a_reader_during_a_fix_run_sees_each_record_old_or_new_never_part(
    tutorial_ahead: Ahead,
) -> None:
    read = tutorial_ahead.result(fix_run_with_a_reader)
    assert read.code == 0, read.output
    assert read.damaged == []
    assert read.new_reads > 0, "the reader never saw a new record: it read too late"
    assert read.all_new


def test_a_record_edited_to_crlf_or_a_bom_or_replaced_by_a_folder_is_named(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    fresh = make_project(project, copies=3)
    crlf, bom, folder = sorted(p for p in fresh if p.suffix == ".txt")
    crlf.write_bytes(fresh[crlf].replace(b"\n", b"\r\n"))
    bom.write_bytes(files.BOM + fresh[bom])
    folder.unlink()
    (folder / "kept.txt").parent.mkdir()
    (folder / "kept.txt").write_text("someone's file\n", encoding="utf-8")
    for path in fresh:
        if path.suffix != ".txt":
            path.write_bytes(fresh[path])

    plain = _finished(project, _pytest(project))
    assert "records/sqlite/links/step001.txt has CRLF line ends; a run writes \\n only." in plain
    assert (
        "records/sqlite/links/step002.txt starts with a byte order mark, which no run writes."
        in plain
    )
    assert (
        "records/sqlite/links/step003.txt is a folder, not a record file. "
        "Remove it, then record the step again." in plain
    )
    # and the file in the folder is no record of any module
    assert (
        "records/sqlite/links/step003.txt/kept.txt records a module that does not exist." in plain
    )
    assert plain.splitlines()[-1].startswith("4 failed, 8 passed in ")

    fixed = _finished(project, _pytest(project, "--inline-snapshot=fix"))
    assert crlf.read_bytes() == fresh[crlf]
    assert bom.read_bytes() == fresh[bom]
    assert (folder / "kept.txt").read_text(encoding="utf-8") == "someone's file\n"
    assert "records/sqlite/links/step003.txt is a folder, not a record file." in fixed


def test_a_write_replaces_the_record_whole_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "record.txt"
    files.write(target, b"first\n")
    files.write(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert [p.name for p in target.parent.iterdir()] == ["record.txt"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    """This process's umask, read without changing it (``os.umask`` would, for a moment)."""
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    [line] = [line for line in status.splitlines() if line.startswith("Umask:")]
    return int(line.split()[1], 8)
