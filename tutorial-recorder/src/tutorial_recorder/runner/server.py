"""The warm server: a process that has imported sqlmodel, SQLAlchemy and pydantic, runs no
step itself, and forks a supervisor for each step it is asked to run.

Started by ``tutorial_recorder.runner.client`` as ``python -m tutorial_recorder.runner.server FD``,
with a
clean environment (no pytest settings, Python's default warning filters), it imports what
every step needs, fixes the order in which SQLAlchemy configures several registries
(``tutorial_recorder.runner.order``, the one change every step inherits), freezes the garbage
collector's view of those objects (so the forks share their memory pages), and then reads
requests on the Unix socket ``FD``: each is one JSON message with two descriptors, the
step's terminal pipe and its result pipe. For each it forks a supervisor
(``tutorial_recorder.runner.supervisor``), in a PID namespace of its own where the kernel allows
it (``tutorial_recorder.runner.sandbox``), and goes back to waiting, reaping the supervisors that
have ended. The PostgreSQL driver (psycopg, some 40 ms of imports) is imported at the first
request for a step on PostgreSQL, before that step's fork, and shared as the rest is by
every later step: a run that records on SQLite only never needs it. It holds no threads, so
a fork copies a consistent process. It ends when the
socket closes, which happens when the recording process ends, however it ends: it then asks
the supervisors still running to stop their steps (SIGTERM), and waits for them, so every
process of the steps is accounted to it, and it to the recording process; then it ends at
once (``os._exit``), without tearing its imports down, which that process would wait for.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sqlite3.dump  # noqa: F401  (what every supervisor's dump imports, imported once)
import sys
import threading

import pydantic  # noqa: F401  (imported to be shared by every step)
import sqlalchemy.dialects.sqlite.pysqlite
import sqlalchemy.orm  # noqa: F401
import sqlmodel  # noqa: F401

from tutorial_recorder.runner import order, sandbox, supervisor

MESSAGE = 1 << 16
DRIVERS = {"postgresql": "psycopg"}
"""The driver a step's database URL needs, by the URL's scheme, imported once by the server."""
_tried: set[str] = set()


def serve(fd: int) -> None:
    channel = socket.socket(fileno=fd)  # a SOCK_SEQPACKET socket: one request a message
    sandbox.start_server()  # namespaces of its own, where it needs them to make the steps'
    order.install()  # registries configured oldest first, in every step (runner.order)
    _freeze()
    me = os.getpid()
    running: set[int] = set()
    try:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(channel, MESSAGE, 2)
            except OSError:
                return
            if not message:
                return
            _reap(running)
            if threading.active_count() != 1:
                raise RuntimeError("the server must hold no threads when it forks")
            request = json.loads(message)
            _import_driver(request.get("url"))
            pid, confined = sandbox.fork(request.get("sandbox"))
            if pid == 0:
                channel.close()
                request["confined"] = confined  # in a PID namespace, the server is no parent
                supervisor.main(request, fds[0], fds[1], 0 if confined else me)
            running.add(pid)
            for fd_ in fds:
                os.close(fd_)
    finally:
        for pid in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in running:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _import_driver(url: object) -> None:
    """Import, here, the driver the step's database ``url`` needs, the first time one does
    (psycopg 3 for PostgreSQL, when it is installed), and freeze it with the rest."""
    scheme = url.partition(":")[0].partition("+")[0] if isinstance(url, str) else ""
    driver = DRIVERS.get(scheme)
    if driver is None or driver in _tried:
        return
    _tried.add(driver)
    with contextlib.suppress(ImportError):
        importlib.import_module(driver)
    _freeze()


def _freeze() -> None:
    """Move every object the server holds out of the collector's reach, so that no
    collection in a step writes to (and copies) the pages the steps share with it."""
    gc.collect()
    gc.freeze()


def _reap(running: set[int]) -> None:
    for pid in list(running):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            running.discard(pid)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # nothing is left to clean up: tearing down the imports would only make the
    # recording process, which waits for this end, wait longer
