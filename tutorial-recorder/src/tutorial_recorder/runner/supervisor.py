"""One step from start to end: its folder, its process, its time limit, its report.

The server (``tutorial_recorder.runner.server``) forks a supervisor for each request. The supervisor
makes the step's temporary folder (a working folder, empty, and a folder for its database),
forks the step's process (``tutorial_recorder.runner.child``) into a process group of its own, and
watches it:

- past the time limit, the whole group is killed, whatever it is doing (C code included).
  The module's code has the limit from its start; the threads it waits for have it again
  from the end of its code, but the deadline is absolute, fixed when the step starts at
  twice the limit, and only the first message that says the code ended moves the deadline
  within it: what else the step sends on the control pipe (which its code can find) moves
  nothing, and a message that is not the harness's JSON fails the step;
- past the project's process limit (``tutorial_recorder.runner.limits``) the whole group is killed;
- when the step ends, anything left in its group (processes it forked) is killed, and, in
  the step's PID namespace (``tutorial_recorder.runner.sandbox``), every process left in it;
- if the recording process goes away (its server ends with it, and asks it to stop with
  SIGTERM), the step is killed at once.

It lives in a process group of its own, and before the step runs it writes one line on the
result pipe (``started``: its pid, the step's, and the temporary folder), so the recording
process can kill both groups and remove the folder if it never reports
(``tutorial_recorder.runner.client``). Then it reads the database with a new connection, so only
what was committed is in the dump, lists any file left in the working folder, removes the
temporary folder, and writes one JSON report on the result pipe: how the process ended, the
failure if there is one, the models, the state. It never raises into the server: it ends
with ``os._exit``.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutorial_recorder.databases import sqlite
from tutorial_recorder.runner import child, cold, leftovers, limits, sandbox, threads
from tutorial_recorder.runner.protocol import FOLDER_PREFIX, KILLED, PLAIN, RECORD

IN_MEMORY = "/dev/shm"
"""Where the steps' folders go when it is there and ``TMPDIR`` names no other place: a
folder in memory, so a step's SQLite commits wait for no disk (``fsync``)."""
PROCESS_CHECK = 0.1
"""How often, in seconds, the step's processes are counted."""
LONGEST_MESSAGE = 1 << 20
GARBLED = "wrote on the harness's control pipe what is not a message of the harness."


_stopping = False


def _stop(signum: int, frame: object) -> None:
    global _stopping
    _stopping = True


def main(request: dict[str, Any], terminal: int, result: int, server: int) -> None:
    """Run the request's step and report on ``result``; never returns."""
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.suppress(OSError):  # a group of its own, which the recording process kills
        os.setpgid(0, 0)
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
    top = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=PARENT))
    try:
        folder, store = top / "run", top / "db"
        folder.mkdir()
        store.mkdir()
        db = Path(request["db"]) if request.get("db") else store / "database.db"
        if request["mode"] in (PLAIN, cold.MODE):
            db = folder / "database.db"
        control_r, control_w = os.pipe()
        go_r, go_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(control_r)
            os.close(result)
            os.close(go_w)
            os.setpgid(0, 0)
            _limited(request, go_r, control_w)  # before the sandbox drops the right to raise them
            if request.get("confined"):
                sandbox.enter(_writable(top, db), control_w)
            if request["mode"] == cold.MODE:
                cold.start(request, terminal, control_w, folder)
            child.main(request, terminal, control_w, folder, db)
        os.close(control_w)
        os.close(terminal)
        os.close(go_r)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        seen = _seen_from_outside(pid)
        _started(result, seen, top, go_w)
        alone = seen if request.get("confined") else None
        report = _watch(pid, control_r, request, server, seen.step, alone)
        _kill_group(pid)
        if request.get("confined"):
            sandbox.end_namespace()
        report["state"] = sqlite.dump_file(db) if request.get("url") is None else ""
        if request["mode"] != RECORD:  # a real run: whatever its files are called
            report["databases"] = leftovers.databases(folder, request.get("keep"))
        if request["mode"] == RECORD:
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


def parent() -> str:
    """The folder the steps' folders are made in: ``IN_MEMORY`` where this process may write
    there and ``TMPDIR`` is not set, else the system's temporary folder."""
    system = tempfile.gettempdir()
    if "TMPDIR" not in os.environ and os.access(IN_MEMORY, os.W_OK | os.X_OK):
        return IN_MEMORY
    return system


PARENT = parent()
"""Found once, in the server, so that no supervisor looks for it again. The system's
temporary folder is found then too, before any step's mounts are read-only: every step's
``tempfile.gettempdir()`` is the one a real run finds (``/tmp``), not its working folder."""


def _writable(top: Path, db: Path) -> list[Path]:
    """What a sandboxed step may write: its temporary folder, and the folder of the file
    ``run --db FILE`` names (SQLite writes its journal beside it)."""
    return [top] if db.is_relative_to(top) else [top, db.parent.resolve()]


@dataclass(frozen=True)
class Seen:
    """This process's pid and its step's, as processes outside the step's PID namespace
    (the recording process, ``/proc``) see them."""

    supervisor: int
    step: int


def _seen_from_outside(pid: int) -> Seen:
    """The pids of this supervisor and of its step ``pid`` (its only child) outside any PID
    namespace this supervisor is the first process of (``tutorial_recorder.runner.sandbox``): there
    this process is 1 and its step 2, which the recording process must never signal."""
    try:
        own = int(os.readlink("/proc/self"))  # /proc is the one of the namespace outside
    except OSError:  # no /proc (macOS): no namespace either
        return Seen(os.getpid(), pid)
    if own == os.getpid():
        return Seen(own, pid)
    children = Path(f"/proc/{own}/task/{own}/children")
    found = children.read_text().split() if children.is_file() else _children_of(own)
    if len(found) != 1:
        raise RuntimeError(f"the supervisor cannot tell its step's pid: children {found}")
    return Seen(own, int(found[0]))


def _children_of(parent: int) -> list[str]:
    """The pids of ``parent``'s children, from every process's ``stat`` in ``/proc``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_bytes().rpartition(b")")[2].split()
                if int(fields[1]) == parent:
                    found.append(entry.name)
    return found


def _started(result: int, seen: Seen, top: Path, go: int) -> None:
    """Tell the recording process who to kill and what to remove if no report comes (the
    pids as it sees them), then let the step run."""
    who = {"supervisor": seen.supervisor, "step": seen.step, "folder": str(top)}
    line = json.dumps({"started": who})
    data = (line + "\n").encode()
    while data:
        data = data[os.write(result, data) :]
    os.write(go, b"g")
    os.close(go)


def _limited(request: dict[str, Any], go: int, control: int) -> None:
    """In the step's process: wait until the supervisor has said it started, then take the
    project's limits (``tutorial_recorder.runner.limits``), or end, saying why."""
    os.read(go, 1)
    os.close(go)
    try:
        limits.apply(request.get("limits") or {})
    except (OSError, ValueError, OverflowError) as error:
        line = json.dumps({"failure": f"could not be limited: {error}", "ran": False}) + "\n"
        os.write(control, line.encode())
        os._exit(1)


def _watch(
    pid: int, control: int, request: dict[str, Any], server: int, group: int, alone: Seen | None
) -> dict[str, Any]:
    """Follow the step until it ends or is killed; what it said and how it ended. ``group``
    is the step's process group as ``/proc`` shows it (``Seen.step``); ``alone``, in a PID
    namespace of this supervisor's, tells cheaply when the step has no other process
    (``_only_the_step``)."""
    seconds = float(request["seconds"])
    most = (request.get("limits") or {}).get("processes")
    report: dict[str, Any] = {}
    start = time.monotonic()
    final = start + 2 * seconds  # absolute: nothing the step does moves it
    deadline = start + seconds
    counted = start
    pending = b""
    status: int | None = None
    ends = _end_of(pid)
    waited = [control] if ends is None else [control, ends]
    while status is None:
        now = time.monotonic()
        gone = _stopping or os.getppid() != server
        crowded = False
        if most is not None and now >= counted + PROCESS_CHECK:
            counted, crowded = now, _over(group, most, alone)
        if now >= deadline or gone or crowded or "garbled" in report:
            _kill_group(pid)
            os.waitpid(pid, 0)
            report["status"] = KILLED
            report["failure"] = _why_killed(report, seconds, gone=gone, crowded=crowded, most=most)
            break
        readable, _, _ = select.select(waited, [], [], min(deadline - now, 0.05))
        if control in readable:
            chunk = os.read(control, 65536)
            if not chunk:  # closed: until the step is reaped, only its end can wake this
                waited.remove(control)
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if _heard(report, line):  # the first end only: later ones move nothing
                    deadline = min(time.monotonic() + seconds, final)
            if len(pending) > LONGEST_MESSAGE:
                report["garbled"] = True
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = code
    if ends is not None:
        os.close(ends)
    if status is not None:
        report["status"] = _ended(status)
        _drain(control, report)
    if report.pop("garbled", False):
        report.setdefault("failure", GARBLED)
    if "daemons" in report:
        report.setdefault("failure", threads.daemons_left(report.pop("daemons")))
    os.close(control)
    return report


def _end_of(pid: int) -> int | None:
    """A descriptor that becomes readable when the step ``pid`` ends (``os.pidfd_open``), so
    the watch sleeps until then once the step has closed its control pipe, instead of
    finding that pipe readable (at its end) again and again; None where there is none
    (the watch then wakes every 50 ms)."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _over(pid: int, most: int, alone: Seen | None) -> bool:
    if most >= 1 and alone is not None and _only_the_step(alone):
        return False
    count = limits.processes_in_group(pid)
    return count is not None and count > most


def _only_the_step(seen: Seen) -> bool:
    """Whether the step's process is the only one in its PID namespace but this supervisor,
    read from a few ``/proc`` files instead of every process's: the step has no child
    (in any of its threads) and this supervisor, which gets every orphan of the namespace,
    has only the step. False when it cannot tell."""
    try:
        mine = _children_listed(seen.supervisor)
        if mine != [str(seen.step)]:
            return False
        return _children_listed(seen.step) == []
    except OSError:
        return False


def _children_listed(pid: int) -> list[str]:
    """The children of every thread of ``pid``, from ``/proc/PID/task/TID/children``."""
    found: list[str] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", "rb") as listed:
            found += listed.read().decode().split()
    return found


def _why_killed(
    report: dict[str, Any], seconds: float, *, gone: bool, crowded: bool, most: int | None
) -> str:
    if gone:
        return "was stopped: the recording process ended."
    if crowded and most is not None:
        return limits.too_many_processes(most)
    if "garbled" in report:
        return GARBLED
    return _too_long(report, seconds)


def _heard(report: dict[str, Any], line: bytes) -> bool:
    """Take one message from the step; True when its module's code has just ended, the
    first time only. A line that is not a JSON object is garbled: the step wrote it."""
    try:
        message = json.loads(line)
    except ValueError:
        message = None
    if not isinstance(message, dict):
        report["garbled"] = True
        return False
    first_end = "ended" in message and "ended" not in report
    for key, value in message.items():
        if key == "failure":
            report.setdefault("failure", value)
        elif key != "ended" or first_end:
            report[key] = value
    return first_end


def _drain(control: int, report: dict[str, Any]) -> None:
    os.set_blocking(control, False)
    data = b""
    with contextlib.suppress(BlockingIOError):
        while len(data) <= LONGEST_MESSAGE and (chunk := os.read(control, 65536)):
            data += chunk
    for line in data.split(b"\n"):
        if line.strip():
            _heard(report, line)


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
