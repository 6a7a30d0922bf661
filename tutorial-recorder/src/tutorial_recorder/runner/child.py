"""The step's own process: set up as ``python <module>`` is, run the module, end as it ends.

Forked by the supervisor (``tutorial_recorder.runner.supervisor``) from the warm server, this
process
runs one module and dies; nothing it changes outlives it. It gets:

- stdin from ``/dev/null`` (``input()`` raises ``EOFError``, as in a run with no terminal);
  descriptors 1 and 2 on one pipe, and ``sys.stdout`` / ``sys.stderr`` unbuffered text
  streams on them, UTF-8 (stdout strict, stderr ``backslashreplace``), as
  ``PYTHONUNBUFFERED=1 PYTHONIOENCODING=utf-8 python <module> 2>&1 | cat`` has them;
- ``sys.argv``, ``sys.path[0]`` and ``__main__`` as ``python <module>`` sets them, or, for a
  module inside a package (its folder has ``__init__.py``), as ``python -m package.module``
  sets them, so relative imports work;
- its working folder, an empty temporary folder.

In a *recorded* run it also has the echo, warning and error marks
(``tutorial_recorder.runner.capture``)
and its engines on the step's database (``tutorial_recorder.runner.engine``). A *plain* run has
none of these: it is the module exactly as a learner runs it, with its file database in the
working folder. Both have a watch on the files they write (``tutorial_recorder.runner.writes``),
inside the kernel's sandbox where it can be made (``tutorial_recorder.runner.sandbox``).

It ends as a real run ends: the module's code, then a wait for its non-daemon threads, then
``atexit``, then the exit status (``sys.exit(n)``'s, 1 after an uncaught error). In a recorded
run, daemon threads still running at the end are a failure, since what they print is a
matter of timing.
It tells the supervisor where it is with JSON lines on the control pipe: ``ended`` (with the
threads it waits for), ``models`` (field orders and diagram), ``failure``.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import io
import json
import os
import signal
import sys
import threading
import traceback
import types
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from tutorial_recorder.project.paths import package_of
from tutorial_recorder.records import diagrams
from tutorial_recorder.records.transcript import Failed
from tutorial_recorder.runner import capture, engine, models, writes
from tutorial_recorder.runner.protocol import RECORD


class _Control:
    def __init__(self, fd: int) -> None:
        self._fd = fd

    def send(self, **message: Any) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(self._fd, data) :]


def main(request: dict[str, Any], terminal: int, control_fd: int, folder: Path, db: Path) -> None:
    """Run the step; never returns."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the supervisor's own handler is not the step's
    me = os.getpid()
    control = _Control(control_fd)
    status = 1
    try:
        status = _run(request, terminal, control, folder, db)
    except BaseException as error:  # the harness's own failure, not the module's
        control.send(failure=f"could not be run: {type(error).__name__}: {error}")
    finally:
        if os.getpid() == me:
            _flush()
        os._exit(status)


def _run(request: dict[str, Any], terminal: int, control: _Control, folder: Path, db: Path) -> int:
    module = Path(request["module"])
    recorded = request["mode"] == RECORD
    nonce = request.get("nonce", "")
    _streams(terminal)
    os.chdir(folder)
    namespace = _as_main(module)
    code = _compiled(module, control)
    if code is None:
        return 1
    sys.dont_write_bytecode = True  # no __pycache__ beside the module or its helpers
    if recorded:
        capture.marks(nonce)
        engine.redirect(db, url=request.get("url"))
    watch = writes.watch(
        folders=(folder.parent,), files=(db,), programs=bool(request.get("confined"))
    )
    before = set(threading.enumerate())
    me = os.getpid()
    status = _execute(code, namespace, nonce if recorded else None)
    if os.getpid() != me:  # a copy the module forked: it ends here, as its own process would
        _flush()
        os._exit(status)
    _end_like_python(before, control, recorded=recorded)
    if recorded:
        try:
            diagram = diagrams.er_diagram(SQLModel.metadata)
        except Exception as error:
            diagram = None
            control.send(
                failure=f"has models the diagram cannot draw: {type(error).__name__}: {error}"
            )
        control.send(models={"field_orders": models.field_orders(namespace), "diagram": diagram})
    _refused(watch, control)
    return status


def _refused(watch: writes.Watch, control: _Control) -> None:
    """Tell the supervisor what the watch refused: files written outside the temporary
    folder, programs run where the kernel does not confine the step."""
    if watch.programs:
        control.send(failure=f"ran a program the audit hook cannot watch: {watch.programs[0]}")
    if written := watch.outside():
        control.send(written=written)


def _streams(terminal: int) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(terminal, 1)
    os.dup2(terminal, 2)
    os.close(terminal)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = _unbuffered(1, "strict")
    sys.stderr = _unbuffered(2, "backslashreplace")
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr  # type: ignore[misc]


def _unbuffered(fd: int, errors: str) -> io.TextIOWrapper:
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, write_through=True)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a stream the module closed or replaced
            stream.flush()


def _as_main(module: Path) -> dict[str, Any]:
    """A fresh ``__main__`` for ``module``, with ``sys.argv`` and ``sys.path`` set as
    ``python <module>`` (or ``python -m package.module``) sets them."""
    main = types.ModuleType("__main__")
    main.__file__ = str(module)
    main.__builtins__ = __builtins__  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    sys.argv[:] = [str(module)]
    package = package_of(module)
    if package is None:
        sys.path[0] = str(module.parent)
    else:
        top, name = package
        sys.path[0] = str(top)
        main.__spec__ = importlib.util.find_spec(name)  # imports the parent packages, as -m does
        main.__package__ = name.rpartition(".")[0]
    return main.__dict__


def _compiled(module: Path, control: _Control) -> types.CodeType | None:
    try:
        return compile(module.read_bytes(), str(module), "exec", dont_inherit=True)
    except SyntaxError as error:
        where = f"line {error.lineno}" if error.lineno else "somewhere"
        control.send(failure=f"does not compile: {error.msg} ({where}).", ran=False)
    except (OSError, ValueError) as error:
        control.send(failure=f"cannot be read: {error}", ran=False)
    return None


def _execute(code: types.CodeType, namespace: dict[str, Any], nonce: str | None) -> int:
    """Run the module's code; its exit status, as ``python`` would end with it."""
    try:
        exec(code, namespace)
    except SystemExit as exiting:
        return _exit_status(exiting)
    except BaseException as error:
        failed = _failed(error)
        if nonce is None:
            sys.stderr.write(failed.traceback)
        else:
            capture.error_mark(nonce, failed)
        return 1
    return 0


def _exit_status(exiting: SystemExit) -> int:
    """What ``python`` does with ``sys.exit(code)``: a number is the status; anything else
    is printed to stderr and the status is 1."""
    code = exiting.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


def _failed(error: BaseException) -> Failed:
    only = "".join(traceback.format_exception_only(error))
    kind = type(error)
    name = (
        kind.__qualname__
        if kind.__module__ in ("builtins", "__main__")
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    # drop this module's own frame, so the traceback starts in the tutorial module
    tb = error.__traceback__.tb_next if error.__traceback__ else None
    whole = "".join(traceback.format_exception(kind, error, tb))
    return Failed(name, str(error), only, whole)


def _end_like_python(before: set[threading.Thread], control: _Control, *, recorded: bool) -> None:
    """Wait for the non-daemon threads the module started, run ``atexit``, as at a real exit.
    In a recorded run, daemon threads still running then are a failure (what they print
    would depend on timing); a plain run stops them, as ``python`` does, and its output is
    compared with the record anyway."""
    started = [thread for thread in threading.enumerate() if thread not in before]
    waiting = [thread for thread in started if not thread.daemon and thread.is_alive()]
    control.send(ended=[thread.name for thread in waiting])
    for thread in waiting:
        thread.join()
    atexit._run_exitfuncs()
    daemons = [thread.name for thread in started if thread.is_alive()]
    if daemons and recorded:
        control.send(daemons=daemons)
