"""The warm server: a process that has imported sqlmodel, SQLAlchemy and pydantic, runs no
step itself, and forks a supervisor for each step it is asked to run.

Started by ``companion.runner.client`` as ``python -m companion.runner.server FD``, with a
clean environment (no pytest settings, Python's default warning filters), it imports what
every step needs, freezes the garbage collector's view of those objects (so the forks share
their memory pages), and then reads requests on the Unix socket ``FD``: each is one JSON
message with two descriptors, the step's terminal pipe and its result pipe. For each it
forks a supervisor (``companion.runner.supervisor``) and goes back to waiting; children are
reaped by the kernel. It holds no threads, so a fork copies a consistent process. It ends
when the socket closes, which happens when the recording process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import threading

import pydantic  # noqa: F401  (imported to be shared by every step)
import sqlalchemy.dialects.sqlite.pysqlite
import sqlalchemy.orm  # noqa: F401
import sqlmodel  # noqa: F401

from companion.runner import supervisor

with contextlib.suppress(ImportError):  # steps recorded on PostgreSQL use psycopg 3
    importlib.import_module("sqlalchemy.dialects.postgresql.psycopg")

MESSAGE = 1 << 16


def serve(fd: int) -> None:
    channel = socket.socket(fileno=fd)  # a SOCK_SEQPACKET socket: one request a message
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    gc.collect()
    gc.freeze()
    me = os.getpid()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(channel, MESSAGE, 2)
        except (ConnectionResetError, OSError):
            return
        if not message:
            return
        if threading.active_count() != 1:
            raise RuntimeError("the server must hold no threads when it forks")
        pid = os.fork()
        if pid == 0:
            channel.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            supervisor.main(json.loads(message), fds[0], fds[1], me)
        for fd_ in fds:
            os.close(fd_)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
