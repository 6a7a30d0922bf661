"""A step run in a reader's browser (Pyodide, in the site's Web Worker), captured as the
harness captures it.

The site ships this module with the harness's own ``records`` and ``runner`` code: the
same marks (``capture.marks``), the same fresh ``__main__`` and unbuffered streams
(``child``), the same error entry and exit status (``child._execute``), the same
transcript and normalisation (``records.transcript``). The worker points Pyodide's
descriptors 1 and 2 at one handler that hands every byte written, in order, to
``Run.feed``, which returns the entries complete so far; ``Run.execute`` runs the module
and returns the whole run, normalised. What differs from a recorded run is only what a
browser imposes: the module's text comes from the page (written to its project path under
``ROOT``), its working folder is a new empty folder of the in-memory file system, and there
is no process to end, so SQLModel's globals and the modules the step imported are reset
around every run instead.
"""

from __future__ import annotations

import atexit
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from tutorial_recorder.records.transcript import Ended, Entry, Failed, Transcript
from tutorial_recorder.runner import capture, models

try:
    from tutorial_recorder.runner import engine  # noqa: F401
except ImportError:
    # ``child`` imports ``engine``, which points asyncio engines at a step's database and
    # so imports SQLAlchemy's asyncio support, which needs greenlet: Pyodide has none. A
    # browser run points no engine anywhere (its database is its working folder's own
    # file), so an empty module stands in for ``engine`` there.
    sys.modules["tutorial_recorder.runner.engine"] = types.ModuleType("engine")
from tutorial_recorder.runner import child

ROOT = Path("/companion")
"""Where the step's module is written, as the project's root: left out of printed paths."""
LIBRARIES = ("sqlmodel", "sqlalchemy", "pydantic")


def versions() -> str:
    """What ran the step: Python and the libraries a step uses, as the page says it."""
    import importlib.metadata

    python = ".".join(map(str, sys.version_info[:3]))
    named = [
        f"{importlib.metadata.metadata(name)['Name']} {importlib.metadata.version(name)}"
        for name in LIBRARIES
    ]
    return ", ".join([f"Python {python}", *named])


class Run:
    """One run of one module, from its first byte written to its final transcript.

    ``written`` returns the bytes written to descriptors 1 and 2 since it was last called
    (the worker's handler keeps them: it cannot call Python while a write is under way);
    ``show`` takes the entries complete so far that it was not given yet, as JSON, each
    normalised on its own. It is called after each entry the capture marks and each write to
    ``sys.stdout`` or ``sys.stderr``; ``execute`` returns the whole run, normalised.
    """

    def __init__(
        self, path: str, source: str, written: Callable[[], Any], show: Callable[[str], None]
    ) -> None:
        self.module = ROOT / path
        self.nonce = capture.new_nonce()
        self._written, self._show = written, show
        self._stream = bytearray()
        self._read = 0
        self._entries: list[Entry] = []
        self.module.parent.mkdir(parents=True, exist_ok=True)
        self.module.write_text(source, encoding="utf-8")
        self.folder = Path(tempfile.mkdtemp(prefix="step-"))

    def progress(self) -> None:
        """Show the entries completed since the last call."""
        taken = self._written()
        self._stream += taken if isinstance(taken, bytes) else taken.to_bytes()
        end = _complete(self._stream, self._read, self.nonce)
        if end <= self._read:
            return
        found = capture.entries(bytes(self._stream[self._read : end]), self.nonce)
        self._read = end
        self._entries += found
        self._show(json.dumps([shown(Transcript((entry,), root=ROOT)) for entry in found]))

    def execute(self) -> str:
        """Run the module as ``python <module>`` would, with the capture's marks; the whole
        run, normalised, as JSON: its items, its error, its text and its exit status."""
        saved = (list(sys.path), sys.stdout, sys.stderr, os.getcwd())
        logged = _Logging()
        models.reset()
        marking = capture.mark

        def mark(nonce: str, kind: str, **fields: Any) -> None:
            marking(nonce, kind, **fields)
            self.progress()

        # the filters back afterwards, and Python's memory of warnings shown "once" new
        with warnings.catch_warnings(), mock.patch.object(capture, "mark", mark):
            try:
                status, orders = self._main()
            finally:
                _restore(*saved)
                logged.restore()
                models.reset()
                shutil.rmtree(self.folder, ignore_errors=True)
        self.progress()
        rest = capture.entries(bytes(self._stream[self._read :]), self.nonce)
        entries = [*self._entries, *rest]
        if status and not any(isinstance(entry, Failed) for entry in entries):
            entries.append(Ended(f"exit status {status}"))
        transcript = Transcript(tuple(entries), orders, root=ROOT)
        return json.dumps({**shown(transcript), "text": transcript.text, "status": status})

    def _main(self) -> tuple[int, tuple[tuple[str, ...], ...]]:
        os.chdir(self.folder)
        sys.stdout = _Watched(child._unbuffered(1, "strict"), self.progress)
        sys.stderr = _Watched(child._unbuffered(2, "backslashreplace"), self.progress)
        namespace = child._as_main(self.module)
        capture.marks(self.nonce)
        code = compile(self.module.read_bytes(), str(self.module), "exec", dont_inherit=True)
        status = child._execute(code, namespace, self.nonce)
        atexit._run_exitfuncs()
        return status, models.field_orders(namespace)


class _Watched:
    """``sys.stdout`` or ``sys.stderr`` as the harness makes them, telling the run after each
    write, so printed lines appear as they are printed."""

    def __init__(self, stream: io.TextIOWrapper, after: Callable[[], None]) -> None:
        self._stream, self._after = stream, after

    def write(self, text: str) -> int:
        count = self._stream.write(text)
        self._after()
        return count

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def shown(transcript: Transcript) -> dict[str, Any]:
    """A transcript as the page shows a record: its items by kind, then its final error."""
    reading = transcript.reading
    items = [
        {"kind": item.kind, "lines": list(item.lines), "text": item.text, "logger": item.logger}
        for item in reading.items
    ]
    error = list(reading.error.lines) if reading.error is not None else []
    return {"items": items, "error": error}


def _complete(stream: bytearray, start: int, nonce: str) -> int:
    """Where the part of ``stream`` after ``start`` that is whole entries ends: after the
    last mark that is closed, or after the last line printed since."""
    opened = stream.rfind(capture.START + nonce.encode(), start)
    closed = stream.rfind(capture.END, start)
    if opened > closed:  # a mark still being written: what comes before it is whole
        return opened
    line = stream.rfind(b"\n", start)
    return max(closed + 1, line + 1, start)


def _restore(path: list[str], stdout: Any, stderr: Any, folder: str) -> None:
    """Put back what the run changed in the interpreter the worker keeps: ``sys.path``,
    the streams, the working folder, and no module of the step's own (its helpers)."""
    sys.path[:] = path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", "") or "").startswith(f"{ROOT}/"):
            del sys.modules[name]
    sys.stdout, sys.stderr = stdout, stderr
    os.chdir(folder)


class _Logging:
    """Every logger's handlers, level and switches, to put back after a run: SQLAlchemy adds
    its echo handler to a logger only once, where a new process would start without it."""

    def __init__(self) -> None:
        manager = logging.root.manager
        self._disabled = manager.disable
        self._kept = {
            name: (list(logger.handlers), logger.level, logger.propagate, logger.disabled)
            for name, logger in [("", logging.root), *manager.loggerDict.items()]
            if isinstance(logger, logging.Logger)
        }

    def restore(self) -> None:
        manager = logging.root.manager
        logging.disable(self._disabled)
        for name, logger in [("", logging.root), *manager.loggerDict.items()]:
            if isinstance(logger, logging.Logger):
                handlers, level, propagate, disabled = self._kept.get(
                    name, ([], logging.NOTSET, True, False)
                )
                logger.handlers[:] = handlers
                logger.setLevel(level)
                logger.propagate, logger.disabled = propagate, disabled
