"""The sandbox a step runs in: the kernel's namespaces where they can be made, the audit
hook's write watch everywhere, and the line that says which guarantee holds.

Each escape a hostile module tries leaves no file outside its temporary folder, with the
exact outcome the step shows: refused by the watch (``PermissionError``, the step fails
naming the path), or by the kernel (a read-only file system, no network, no process left).
``TUTORIAL_RECORDER_SANDBOX=audit`` runs the steps without namespaces, as where they cannot be made.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import DOCS_SRC, PROJECT
from tutorial_recorder.runner import sandbox
from tutorial_recorder.runner.recorder import StepError, plain, record

FIXTURES = Path(__file__).parent / "fixtures"
ESCAPED = FIXTURES / "sandbox_escaped.txt"
KERNEL = sandbox.guarantee() == sandbox.CONFINED
needs_the_kernel = pytest.mark.skipif(not KERNEL, reason=sandbox.guarantee())
BOTH = [pytest.param(sandbox.KERNEL, marks=needs_the_kernel), sandbox.AUDIT]


@pytest.fixture(params=BOTH)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test once in the kernel's sandbox (where it can be made), once with the audit
    hook only; neither leaves the escaped file."""
    monkeypatch.setenv(sandbox.VARIABLE, request.param)
    yield request.param
    assert not ESCAPED.exists()


def _refused(name: str, path: str, message: str | None = None) -> str:
    refusal = (
        message or f"PermissionError: a recorded step writes only in its temporary folder: {path}"
    )
    return (
        f"tests/fixtures/{name} wrote files outside its temporary folder: {path}\n\n"
        f"Transcript so far:\nTraceback (most recent call last):\n  ...\n{refusal}\n"
    )


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("sandbox_renames_out.py", "tests/fixtures/sandbox_escaped.txt"),
        ("sandbox_symlink.py", "tests/fixtures/sandbox_escaped.txt"),
        ("sandbox_hardlink.py", "tests/fixtures/sandbox_hardlink.py"),
        ("sandbox_sqlite_uri.py", "tests/fixtures/sandbox_escaped.txt"),
        ("sandbox_widens.py", "tests/fixtures/sandbox_escaped.txt"),
        ("sandbox_mkfifo.py", "tests/fixtures/sandbox_escaped.txt"),
        ("sandbox_dir_fd.py", "tests/fixtures"),
    ],
)
def test_an_escape_the_watch_sees_is_refused_and_named(mode: str, name: str, path: str) -> None:
    """A rename out, a link (symbolic or hard) leading out, a ``file:`` URI, a widened
    ``_allowed``, a named pipe, a directory descriptor for ``dir_fd``: refused before
    anything is written, in either sandbox."""
    source = (FIXTURES / name).read_bytes()
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / name)
    assert str(refused.value) == _refused(name, path)
    assert (FIXTURES / name).read_bytes() == source


def test_attach_on_the_steps_engine_attaches_nothing(mode: str) -> None:
    transcript = record(PROJECT, FIXTURES / "sandbox_attach.py")
    assert transcript.text == (
        "Traceback (most recent call last):\n  ...\n"
        "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) too many attached "
        "databases - max 0\n"
        "[SQL: ATTACH DATABASE 'tests/fixtures/sandbox_escaped.txt' AS outside]\n"
        "(Background on this error at: https://sqlalche.me/e/21/e3q8)\n"
    )


@needs_the_kernel
@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("sandbox_runs_touch.py", "touch ended with 1\n"),
        ("sandbox_subprocess.py", "sh ended with 2\n"),
        ("sandbox_ctypes.py", "open: Read-only file system\nremount: Operation not permitted\n"),
    ],
)
def test_in_the_kernels_sandbox_programs_and_c_code_find_the_file_system_read_only(
    name: str, printed: str
) -> None:
    """What no audit hook sees (a program, ``ctypes``) meets a read-only file system, and
    the step cannot make it writable again."""
    assert record(PROJECT, FIXTURES / name).text == printed
    assert not ESCAPED.exists()


@pytest.mark.parametrize(
    ("name", "program"),
    [
        ("sandbox_runs_touch.py", f"touch {ESCAPED} 2>/dev/null"),
        ("sandbox_subprocess.py", "sh"),
    ],
)
def test_with_the_audit_hook_only_a_step_runs_no_program(
    monkeypatch: pytest.MonkeyPatch, name: str, program: str
) -> None:
    monkeypatch.setenv(sandbox.VARIABLE, sandbox.AUDIT)
    with pytest.raises(StepError) as refused:
        record(PROJECT, FIXTURES / name)
    event = "os.system" if "touch" in program else "subprocess.Popen"
    assert str(refused.value) == (
        f"tests/fixtures/{name} ran a program the audit hook cannot watch: {program}\n\n"
        "Transcript so far:\nTraceback (most recent call last):\n  ...\n"
        f"PermissionError: a step watched by the audit hook only runs no program: {event}\n"
    )
    assert not ESCAPED.exists()


def _started_in(namespace: str) -> list[str]:
    """The processes in the PID namespace ``namespace`` (``pid:[INODE]``) but its first
    (the step's supervisor, which ends as it reports): what the step started."""
    return [
        link.parent.parent.name
        for link in Path("/proc").glob("[0-9]*/ns/pid")
        if _namespace(link) == namespace and _own_pid(link.parent.parent) != "1"
    ]


def _namespace(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:  # a process that ended meanwhile, or another user's
        return ""


def _own_pid(process: Path) -> str:
    """The process's pid in its own namespace: the last of its ``NSpid``."""
    try:
        status = (process / "status").read_text()
    except OSError:
        return ""
    return next((line.split()[-1] for line in status.splitlines() if line.startswith("NSpid:")), "")


@needs_the_kernel
def test_a_double_forked_setsid_process_ends_with_its_step() -> None:
    """The grandchild leaves the step's session and loops writing a file: when the run has
    ended no process is left in the step's PID namespace, and it wrote nothing."""
    transcript = record(PROJECT, FIXTURES / "sandbox_double_forks.py")
    named = re.fullmatch(r"in (pid:\[\d+\])\nleft a grandchild behind\n", transcript.text)
    assert named is not None, transcript.text
    assert _started_in(named[1]) == []
    assert not ESCAPED.exists()


PORT = 47813
"""The port ``sandbox_connects.py`` connects to. Each test run listens on it with
``SO_REUSEPORT``, so two runs at once both listen."""


@needs_the_kernel
def test_a_step_cannot_reach_the_network() -> None:
    """A port this test listens on, on this machine, is unreachable from the step."""
    try:
        listening = socket.create_server(("127.0.0.1", PORT), reuse_port=True)
    except OSError as error:
        pytest.skip(f"port {PORT} is taken: {error}")
    with listening:
        transcript = record(PROJECT, FIXTURES / "sandbox_connects.py")
        listening.setblocking(False)
        with pytest.raises(BlockingIOError):
            listening.accept()
    assert transcript.text == "refused: Network is unreachable\n"


def test_a_real_run_that_writes_among_the_modules_leaves_nothing(mode: str) -> None:
    with pytest.raises(StepError) as refused:
        plain(PROJECT, FIXTURES / "sandbox_writes_docs_src.py")
    assert str(refused.value) == (
        "tests/fixtures/sandbox_writes_docs_src.py wrote files outside its temporary folder: "
        "docs_src/sandbox_written.txt"
    )
    assert not (DOCS_SRC / "sandbox_written.txt").exists()


def test_the_report_header_says_which_guarantee_holds(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("tutorial-recorder-session")
    assert plugin is not None
    kernel = "companion: steps sandboxed by the kernel (mount, PID and network namespaces)"
    audit = "companion: steps watched by an audit hook only: TUTORIAL_RECORDER_SANDBOX=audit"
    sandbox.guarantee.cache_clear()
    try:
        header = plugin.pytest_report_header()
        assert header == kernel if KERNEL else header.startswith("companion: steps watched")
        monkeypatch.setenv(sandbox.VARIABLE, sandbox.AUDIT)
        sandbox.guarantee.cache_clear()
        assert plugin.pytest_report_header() == audit
    finally:
        sandbox.guarantee.cache_clear()
