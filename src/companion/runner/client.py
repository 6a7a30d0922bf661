"""Ask the warm server to run one step, and collect what it shows and its report.

One server per recording process, started on first use (``companion.runner.server``), with
the environment this process has less what belongs to pytest and ``PYTHONWARNINGS``, so a
step sees what ``python <module>`` would. Any thread may ask; each request gets two new
pipes, the step's terminal (descriptors 1 and 2) and the supervisor's result, read here
until both close, so nothing the step wrote before it ended or was killed is lost.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

NOT_PASSED = ("PYTHONWARNINGS", "PYTHONSTARTUP", "PYTHONINSPECT", "COV_CORE_SOURCE")
NOT_PASSED_PREFIXES = ("PYTEST_",)
READ = 1 << 20
AFTER_REPORT = 1.0


@dataclass(frozen=True)
class Outcome:
    terminal: bytes
    """Everything the step wrote on descriptors 1 and 2, marks included, in order."""
    report: dict[str, Any]
    """The supervisor's report (``companion.runner.supervisor``)."""


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
            [sys.executable, "-m", "companion.runner.server", str(theirs.fileno())],
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


def close() -> None:
    """End this process's server (the next request starts a new one)."""
    global _server
    with _starting:
        if _server is not None:
            _server.close()
            _server = None


def run(request: dict[str, Any], *, patience: float) -> Outcome:
    """Run ``request`` on the server; ``patience`` bounds the wait beyond the step's own
    time limit, which the supervisor enforces."""
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
    chunks = _read_both(terminal_r, result_r, patience)
    report = b"".join(chunks[result_r])
    if not report:
        raise ServerGone("the step's supervisor ended without a report")
    return Outcome(b"".join(chunks[terminal_r]), json.loads(report))


def _read_both(first: int, second: int, patience: float) -> dict[int, list[bytes]]:
    chunks: dict[int, list[bytes]] = {first: [], second: []}
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        open_fds = set(chunks)
        wait = patience
        while open_fds:
            ready = selector.select(wait)
            if not ready:
                break
            for key, _ in ready:
                data = os.read(key.fd, READ)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    open_fds.discard(key.fd)
                    if key.fd == second:  # reported: what a process that escaped the
                        wait = AFTER_REPORT  # step's group still writes is not waited for
    for fd in chunks:
        os.close(fd)
    return chunks
