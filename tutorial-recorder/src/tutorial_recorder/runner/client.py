"""Ask the warm server to run one step, and collect what it shows and its report.

One server per recording process, started on first use or ahead of it (``start``)
(``tutorial_recorder.runner.server``), with the environment this process has then, less what
belongs to pytest and ``PYTHONWARNINGS``, so a step sees what ``python <module>`` would.
Any thread may ask; each request gets two new pipes, the step's terminal (descriptors 1
and 2) and the supervisor's result, read here until both close, so nothing the step wrote
before it ended or was killed is lost.

The wait is bounded whatever the step does (``_Reading``): the supervisor's first line on the
result pipe says it started (its pid, the step's, the step's folder), and from then on this
process has an absolute deadline of its own, the step's longest run and a grace. Past it
(a supervisor the step stopped or killed) it kills both process groups, removes the step's
folder and reports the step as stopped. Past the project's output limit it keeps the first
part of what the step printed and kills the step; the supervisor still reports.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutorial_recorder.runner import limits
from tutorial_recorder.runner.protocol import FOLDER_PREFIX, KILLED

NOT_PASSED = ("PYTHONWARNINGS", "PYTHONSTARTUP", "PYTHONINSPECT", "COV_CORE_SOURCE")
NOT_PASSED_PREFIXES = ("PYTEST_",)
READ = 1 << 20
AFTER_REPORT = 1.0
STARTUP = 60.0
"""How long to wait for the step's supervisor to start (the server may be starting too)."""
AFTER_KILL = 5.0
"""How long to wait for the pipes to close (the processes to end) after killing them."""


@dataclass(frozen=True)
class Outcome:
    terminal: bytes
    """Everything the step wrote on descriptors 1 and 2, marks included, in order."""
    report: dict[str, Any]
    """The supervisor's report (``tutorial_recorder.runner.supervisor``)."""


class ServerGone(RuntimeError):
    """The warm server ended or could not start."""


class _Server:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in NOT_PASSED and not key.startswith(NOT_PASSED_PREFIXES)
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tutorial_recorder.runner.server", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self.channel = ours
        self.lock = threading.Lock()

    def submit(self, request: dict[str, Any], fds: list[int]) -> None:
        with self.lock:
            socket.send_fds(self.channel, [json.dumps(request).encode()], fds)

    def close(self) -> None:
        self.channel.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_server: _Server | None = None
_starting = threading.Lock()


def _the_server() -> _Server:
    global _server
    with _starting:
        if _server is None or _server.process.poll() is not None:
            _server = _Server()
            atexit.register(_server.close)
        return _server


def start() -> None:
    """Start this process's server now, if it has none, without waiting for it: its imports
    run on another core while this process goes on (the pytest plugin starts it as soon as
    pytest loads it, so they overlap pytest's own start), and the first request is read as
    soon as they are done."""
    _the_server()


def close() -> None:
    """End this process's server (the next request starts a new one)."""
    global _server
    with _starting:
        if _server is not None:
            _server.close()
            _server = None


def run(request: dict[str, Any], *, seconds: float, grace: float) -> Outcome:
    """Run ``request`` on the server. ``seconds`` is the longest the step may run, which its
    supervisor enforces; past it and ``grace``, the step and its supervisor are killed."""
    terminal_r, terminal_w = os.pipe()
    result_r, result_w = os.pipe()
    try:
        try:
            _the_server().submit(request, [terminal_w, result_w])
        except OSError as error:
            raise ServerGone(f"the step server is not running: {error}") from None
    finally:
        os.close(terminal_w)
        os.close(result_w)
    cap = (request.get("limits") or {}).get("output")
    reading = _Reading(terminal_r, result_r, cap)
    try:
        reading.follow(seconds + grace)
    finally:
        os.close(terminal_r)
        os.close(result_r)
    return reading.outcome(seconds + grace)


class _Reading:
    """The two pipes of one request, read until both close or a deadline passes."""

    def __init__(self, terminal: int, result: int, cap: int | None) -> None:
        self.terminal, self.result, self.cap = terminal, result, cap
        self.printed: list[bytes] = []
        self.size = 0
        self.reported = b""
        self.started: dict[str, Any] | None = None
        self.capped = False
        self.overdue = False
        self.killed: list[int] = []
        """Descriptors of the processes killed (``os.pidfd_open``), to wait for their ends."""

    def follow(self, longest: float) -> None:
        deadline = time.monotonic() + STARTUP
        with selectors.DefaultSelector() as selector:
            for fd in (self.terminal, self.result):
                selector.register(fd, selectors.EVENT_READ)
            open_fds = {self.terminal, self.result}
            while open_fds:
                ready = selector.select(max(0.0, deadline - time.monotonic()))
                if not ready and (self.overdue or self.started is None):
                    self.overdue = self.overdue or self.result in open_fds
                    return
                if not ready and self.result not in open_fds:
                    return
                if not ready:  # no report by the deadline: kill both, wait for their ends
                    self.overdue = True
                    self._kill("step", "supervisor")
                    deadline = time.monotonic() + AFTER_KILL
                for key, _ in ready:
                    data = os.read(key.fd, READ)
                    if not data:
                        selector.unregister(key.fd)
                        open_fds.discard(key.fd)
                        if key.fd == self.result:  # reported: what a process that escaped
                            # the step's group still writes is not waited for
                            deadline = min(deadline, time.monotonic() + AFTER_REPORT)
                    elif key.fd == self.result:
                        if self._result(data):
                            deadline = time.monotonic() + longest
                    elif self._printed(data):
                        selector.unregister(key.fd)
                        open_fds.discard(key.fd)

    def _result(self, data: bytes) -> bool:
        """Take what the supervisor wrote; True when it has just said it started."""
        self.reported += data
        if self.started is not None or b"\n" not in self.reported:
            return False
        line, _, self.reported = self.reported.partition(b"\n")
        self.started = json.loads(line)["started"]
        return True

    def _printed(self, data: bytes) -> bool:
        """Take what the step printed; True when it has just passed the output limit."""
        if self.cap is not None and self.size + len(data) > self.cap:
            self.printed.append(data[: self.cap - self.size])
            self.capped = True
            self._kill("step")
            return True
        self.printed.append(data)
        self.size += len(data)
        return False

    def _kill(self, *whose: str) -> None:
        for name in whose:
            if self.started is not None:
                pid = int(self.started[name])
                with contextlib.suppress(OSError, AttributeError):  # no pidfd: not waited for
                    self.killed.append(os.pidfd_open(pid))
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)

    def _ends(self) -> None:
        """Wait, at most ``AFTER_KILL``, until the processes killed have ended: a process
        closes its pipes a moment before it ends, and the caller is told they are gone."""
        deadline = time.monotonic() + AFTER_KILL
        for fd in self.killed:
            with contextlib.suppress(OSError):
                select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            os.close(fd)
        self.killed = []

    def outcome(self, longest: float) -> Outcome:
        self._ends()
        printed = b"".join(self.printed)
        if self.overdue and self.started is None:
            raise ServerGone(f"the step's supervisor did not start within {STARTUP:g} s")
        if self.overdue and self.started is not None:
            folder = Path(str(self.started["folder"]))
            if folder.name.startswith(FOLDER_PREFIX):
                shutil.rmtree(folder, ignore_errors=True)
            failure = (
                f"was stopped: its supervisor had not reported {longest:g} s after the step "
                "started; both were killed and the step's folder removed."
            )
            return Outcome(printed, {"status": KILLED, "failure": failure})
        if not self.reported:
            raise ServerGone("the step's supervisor ended without a report")
        report = json.loads(self.reported)
        if self.capped and self.cap is not None:
            report["failure"] = limits.printed_too_much(self.cap)
            report["output_limit"] = self.cap
        return Outcome(printed, report)
