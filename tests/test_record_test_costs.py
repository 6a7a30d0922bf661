"""The record tests' own costs in the pytest process: what each cut keeps true, and that each
check is as strong as before."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.records import files
from tutorial_recorder.runner import sandbox

PROBE_PLUGIN = textwrap.dedent(
    """
    import sys

    import pytest


    @pytest.hookimpl(trylast=True)
    def pytest_configure(config):
        client = sys.modules.get("tutorial_recorder.runner.client")
        started = client is not None and client._server is not None
        print(f"server at configuration: {started}")
    """
)


def _pytest(tmp_path: Path, *args: str, plugin: str = PROBE_PLUGIN) -> str:
    """What a pytest run of this project with ``args`` prints, with ``plugin`` (by default,
    one that says whether the warm server was running when pytest was configured)."""
    (tmp_path / "costs_probe.py").write_text(plugin)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path)}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "costs_probe", "-p", "no:randomly", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return done.stdout


@pytest.mark.parametrize(
    ("args", "started"),
    [
        (("pyproject.toml::records", "-k", "no_such_step"), True),
        (("pyproject.toml", "-k", "no_such_step"), True),
        (("pyproject.toml::records", "-k", "no_such_step", "--collect-only"), False),
        (("pyproject.toml::records", "-k", "no_such_step", "--tutorial-sandbox=kernel"), False),
        (("pyproject.toml::pages", "-k", "no_such_page"), False),
        (("tests/test_ids.py", "-k", "no_such_test"), False),
    ],
)
def test_the_warm_server_starts_while_pytest_loads_when_the_command_records(
    tmp_path: Path, args: tuple[str, ...], started: bool
) -> None:
    """Its imports (a third of a second of a core) ran after collection, when the first
    recording waited for them; now, for a command that records, they overlap pytest's own
    start, and a command that records nothing starts no server. One started before an
    option set the environment ends: the next recording starts a server with it."""
    printed = _pytest(tmp_path, *args)
    assert f"server at configuration: {started}\n" in printed, printed


def test_an_xdist_controller_ends_the_server_started_for_it(tmp_path: Path) -> None:
    """The controller runs no test: its workers record, each with a server of its own."""
    printed = _pytest(tmp_path, "-n", "1", "pyproject.toml::records", "-k", "no_such_step")
    assert printed.startswith("server at configuration: False\n"), printed


@pytest.fixture
def probing(monkeypatch: pytest.MonkeyPatch) -> Iterator[subprocess.Popen[str]]:
    """The sandbox's probe, started ahead as the plugin starts it, no line known yet."""
    monkeypatch.delenv(sandbox.VARIABLE, raising=False)
    monkeypatch.setattr(sandbox, "_probing", None)
    sandbox.guarantee.cache_clear()
    sandbox.probe_ahead()
    assert sandbox._probing is not None
    yield sandbox._probing
    sandbox.guarantee.cache_clear()


def test_the_header_line_is_probed_ahead_and_read_once(
    probing: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe (a new interpreter) runs while pytest loads, not when the header asks."""
    started: list[object] = []
    monkeypatch.setattr(sandbox, "_probe_process", lambda: started.append(1))
    assert sandbox.guarantee() == _probed()
    assert (started, probing.returncode, sandbox._probing) == ([], 0, None)


def _probed() -> str:
    """The line a probe of its own says, in a new interpreter."""
    command = [sys.executable, "-m", "tutorial_recorder.runner.sandbox"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout.strip() or f"steps watched by an audit hook only: {done.stderr.strip()}"


def test_a_probe_the_audit_hook_makes_useless_is_ended(
    probing: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(sandbox.VARIABLE, sandbox.AUDIT)
    line = sandbox.guarantee()
    assert line == f"steps watched by an audit hook only: {sandbox.VARIABLE}=audit"
    assert probing.returncode is not None and sandbox._probing is None


@pytest.mark.parametrize(
    ("data", "held"),
    [
        (b"a line\n", True),
        (b"another line\n", False),
        (b"a line\r\n", False),  # the text once read with universal newlines: still a defect
        (files.BOM + b"a line\n", False),
        (b"a line\n\xff", False),
        (b"", False),
    ],
)
def test_a_record_holds_the_text_only_as_a_plain_record(
    tmp_path: Path, data: bytes, held: bool
) -> None:
    """One read says yes exactly where the two reads and the defect check said yes."""
    record = tmp_path / "step.txt"
    record.write_bytes(data)
    text = "a line\r\n" if b"\r" in data else "a line\n"
    assert files.holds(record, text) is held
    assert (files.defect(PROJECT, record) is None and files.read(record) == text) is held


def test_a_record_that_is_no_plain_file_never_holds(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("a line\n")
    (tmp_path / "link.txt").symlink_to(real)
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "fifo.txt")  # never opened for reading: that would wait for a writer
    (tmp_path / "linked").symlink_to(tmp_path, target_is_directory=True)
    names = ["link.txt", "folder.txt", "fifo.txt", "missing.txt", "linked/real.txt"]
    assert [files.holds(tmp_path / name, "a line\n") for name in names] == [False] * 5
    assert files.holds(real, "a line\n")


PLAIN_RECORDS_ONLY_READ_ONCE = textwrap.dedent(
    """
    from tutorial_recorder.records import files


    def refused(*args):
        raise AssertionError("a record that holds was read again")


    def pytest_configure(config):
        files.defect = files.read = refused
    """
)


def test_a_record_test_of_a_record_that_holds_reads_it_once(tmp_path: Path) -> None:
    """The record was checked for defects (a read), then read again to be compared, each
    time after some twenty-five system calls on its path; now one read does both."""
    step = PROJECT.step_id(PROJECT.modules()[0])
    args = ("pyproject.toml::records", "-k", f"sqlite/{step}.")
    printed = _pytest(tmp_path, *args, plugin=PLAIN_RECORDS_ONLY_READ_ONCE)
    assert printed.splitlines()[-1].startswith("3 passed, "), printed


SERVER_TORN_DOWN = textwrap.dedent(
    """
    import atexit, runpy, socket, sys

    atexit.register(print, "torn down")
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    ours.close()
    sys.argv[1:] = [str(theirs.fileno())]
    runpy.run_module("tutorial_recorder.runner.server", run_name="__main__")
    """
)


def test_the_server_ends_without_tearing_its_imports_down() -> None:
    """The recording process waits for its server's end, which tore down sqlmodel,
    SQLAlchemy and pydantic for some tens of milliseconds; nothing needed it."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-c", SERVER_TORN_DOWN]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


ORDER_OF_STARTS = textwrap.dedent(
    """
    import pytest

    from tutorial_recorder.plugin.ahead import Ahead

    started = []
    real = Ahead.start_recording


    def logged(self, module, on):
        started.append(module.stem)
        real(self, module, on)


    Ahead.start_recording = logged


    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(session):
        needed = [item.step.stem for item in session.items]
        print("needed:", " ".join(dict.fromkeys(needed)))
        print("started:", " ".join(started))
    """
)


def test_the_recordings_start_in_the_order_the_shuffled_record_tests_use_them(
    tmp_path: Path,
) -> None:
    """pytest-randomly shuffles the record tests; the recordings started in the modules'
    order, so the first test often waited for the last recording, and the tests' own work
    ran after every recording, on one core."""
    args = ("pyproject.toml::records", "-k", "sqlite/connect_tables/read_connected_data/")
    shuffled = ("-p", "randomly", "--randomly-seed=1")
    printed = _pytest(tmp_path, *shuffled, *args, plugin=ORDER_OF_STARTS)
    lines = dict(line.split(": ") for line in printed.splitlines() if ": " in line)
    needed = lines["needed"].split()
    assert needed != sorted(needed)  # shuffled, or the test could not tell
    assert lines["started"].split() == needed
