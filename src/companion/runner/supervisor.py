"""One step from start to end: its folder, its process, its time limit, its report.

The server (``companion.runner.server``) forks a supervisor for each request. The supervisor
makes the step's temporary folder (a working folder, empty, and a folder for its database),
forks the step's process (``companion.runner.child``) into a process group of its own, and
watches it:

- past the time limit, counted from the start for the module's code and again from its end
  for the threads it waits for, the whole group is killed, whatever it is doing (C code
  included);
- when the step ends, anything left in its group (processes it forked) is killed, and, in
  the step's PID namespace (``companion.runner.sandbox``), every process left in it;
- if the recording process goes away (its server ends with it, and asks it to stop with
  SIGTERM), the step is killed at once.

Then it reads the database with a new connection, so only what was committed is in the
dump, lists any file left in the working folder, removes the temporary folder, and writes
one JSON report on the result pipe: how the process ended, the failure if there is one, the
models, the state. It never raises into the server: it ends with ``os._exit``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

from companion.databases import sqlite
from companion.runner import child, sandbox, threads

FOLDER_PREFIX = "companion-step-"
KILLED = "killed"


_stopping = False


def _stop(signum: int, frame: object) -> None:
    global _stopping
    _stopping = True


def main(request: dict[str, Any], terminal: int, result: int, server: int) -> None:
    """Run the request's step and report on ``result``; never returns."""
    signal.signal(signal.SIGTERM, _stop)
    report: dict[str, Any] = {}
    try:
        report = _supervise(request, terminal, result, server)
    except BaseException as error:
        report = {"failure": f"could not be supervised: {type(error).__name__}: {error}"}
    finally:
        data = json.dumps(report).encode()
        with contextlib.suppress(OSError):
            while data:
                data = data[os.write(result, data) :]
        os._exit(0)


def _supervise(request: dict[str, Any], terminal: int, result: int, server: int) -> dict[str, Any]:
    top = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    try:
        folder, store = top / "run", top / "db"
        folder.mkdir()
        store.mkdir()
        db = Path(request["db"]) if request.get("db") else store / "database.db"
        if request["mode"] == child.PLAIN:
            db = folder / "database.db"
        control_r, control_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(control_r)
            os.close(result)
            os.setpgid(0, 0)
            if request.get("confined"):
                sandbox.enter(_writable(top, db), control_w)
            child.main(request, terminal, control_w, folder, db)
        os.close(control_w)
        os.close(terminal)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        report = _watch(pid, control_r, float(request["seconds"]), server)
        _kill_group(pid)
        if request.get("confined"):
            sandbox.end_namespace()
        report["state"] = sqlite.dump_file(db) if request.get("url") is None else ""
        if request["mode"] == child.RECORD:
            left = sorted(os.listdir(folder)) if folder.is_dir() else None
            if left is None:
                report.setdefault("failure", "removed its working folder.")
            elif left:
                report.setdefault(
                    "failure", f"wrote files in its working folder: {', '.join(left)}"
                )
        return report
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _writable(top: Path, db: Path) -> list[Path]:
    """What a sandboxed step may write: its temporary folder, and the folder of the file
    ``run --db FILE`` names (SQLite writes its journal beside it)."""
    return [top] if db.is_relative_to(top) else [top, db.parent.resolve()]


def _watch(pid: int, control: int, seconds: float, server: int) -> dict[str, Any]:
    """Follow the step until it ends or is killed; what it said and how it ended."""
    report: dict[str, Any] = {}
    deadline = time.monotonic() + seconds
    pending = b""
    status: int | None = None
    while status is None:
        left = deadline - time.monotonic()
        gone = _stopping or os.getppid() != server
        if left <= 0 or gone:
            _kill_group(pid)
            os.waitpid(pid, 0)
            report["status"] = KILLED
            if gone:
                report["failure"] = "was stopped: the recording process ended."
            else:
                report["failure"] = _too_long(report, seconds)
            break
        readable, _, _ = select.select([control], [], [], min(left, 0.05))
        if readable:
            chunk = os.read(control, 65536)
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if _heard(report, json.loads(line)):
                    deadline = time.monotonic() + seconds
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = code
    if status is not None:
        report["status"] = _ended(status)
        _drain(control, report)
    if "daemons" in report:
        report.setdefault("failure", threads.daemons_left(report.pop("daemons")))
    os.close(control)
    return report


def _heard(report: dict[str, Any], message: dict[str, Any]) -> bool:
    """Take one message from the step; True when its module's code has just ended."""
    for key, value in message.items():
        if key == "failure":
            report.setdefault("failure", value)
        else:
            report[key] = value
    return "ended" in message


def _drain(control: int, report: dict[str, Any]) -> None:
    os.set_blocking(control, False)
    data = b""
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(control, 65536):
            data += chunk
    for line in data.split(b"\n"):
        if line.strip():
            _heard(report, json.loads(line))


def _too_long(report: dict[str, Any], seconds: float) -> str:
    if "ended" in report:
        return threads.still_running(report["ended"], seconds)
    return f"did not finish within {seconds:g} s."


def _ended(status: int) -> dict[str, Any]:
    if os.WIFSIGNALED(status):
        return {"signal": signal.Signals(os.WTERMSIG(status)).name}
    return {"exit": os.WEXITSTATUS(status)}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
