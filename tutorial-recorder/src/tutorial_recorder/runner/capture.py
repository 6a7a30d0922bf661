"""What a recorded step shows, in the order it happened: one byte stream, read back as entries.

The step's file descriptors 1 and 2 are one pipe, as under ``python <module> 2>&1 | cat``:
``print``, ``sys.stdout.buffer``, ``os.write(1, ...)`` and the traceback all land there in
the order they are written. SQLAlchemy's echo records, warnings and the uncaught error are
written into the same pipe as *marks*: a frame ``\\x1e<nonce>{json}\\x1f`` written with one
``os.write``, so it keeps its place among the printed bytes. The nonce is new for every run
and never shown to the module, so nothing it prints can pass for a mark.

``marks(nonce)`` (in the step's process) installs the writers; ``entries(stream, nonce)``
(in the recording process) reads the stream back: the bytes between marks are printed text,
decoded as a terminal decodes them (UTF-8, invalid bytes as U+FFFD, one decoder for the
whole stream so a character split across two writes reads as one), and each mark is its
entry. Both are linear in the size of the stream.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import warnings
from typing import Any
from unittest import mock

from tutorial_recorder.records.transcript import Entry, Failed, Printed, Sql, Warned

START, END = b"\x1e", b"\x1f"
TERMINAL = 1
"""The descriptor marks are written to; 2 is the same pipe."""


def new_nonce() -> str:
    return os.urandom(16).hex()


# In the step's process


class _Marks(logging.Handler):
    """SQLAlchemy's echo, as marks; it stands where SQLAlchemy would add its stdout handler."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self._nonce = nonce

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # SQLAlchemy shortens a long statement when it shows it ("... N characters truncated
        # ..."); the message as a plain string is the whole statement
        whole = str.__str__(record.msg) if isinstance(record.msg, str) and not record.args else ""
        extra = {"whole": whole} if whole and whole != message else {}
        mark(self._nonce, "sql", level=record.levelname, logger=record.name, message=message,
             **extra)  # fmt: skip


def mark(nonce: str, kind: str, **fields: Any) -> None:
    """Write one entry into the stream, in its place among the printed bytes."""
    frame = json.dumps({"kind": kind, **fields}, ensure_ascii=True, separators=(",", ":"))
    data = START + nonce.encode() + frame.encode() + END
    while data:
        data = data[os.write(TERMINAL, data) :]


def marks(nonce: str) -> None:
    """In the step's process, before the module runs: echo records and warnings as marks.

    Wherever SQLAlchemy would add its default stdout handler (the first engine with
    ``echo=True``), the mark handler goes instead; every other logging setting is the
    module's own. Warnings keep Python's filters and are shown as marks instead of text.
    """
    import sqlalchemy.log  # the server's, in the step; the recording process has none

    handler = _Marks(nonce)
    patch = mock.patch.object(
        sqlalchemy.log, "_add_default_handler", lambda logger: logger.addHandler(handler)
    )
    patch.start()

    def show(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
        mark(
            nonce, "warning", text=warnings.formatwarning(message, category, filename, lineno, line)
        )

    warnings.showwarning = show


def error_mark(nonce: str, failed: Failed) -> None:
    mark(nonce, "error", type=failed.type, message=failed.message, text=failed.text,
         traceback=failed.traceback)  # fmt: skip


# In the recording process


def entries(stream: bytes, nonce: str) -> list[Entry]:
    """The entries of a stream written by a step whose marks carry ``nonce``."""
    pattern = re.compile(re.escape(START + nonce.encode()) + b"(.*?)" + re.escape(END), re.S)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    found: list[Entry] = []
    at = 0
    for match in pattern.finditer(stream):
        _printed(found, decoder.decode(stream[at : match.start()]))
        found.append(_entry(json.loads(match.group(1))))
        at = match.end()
    _printed(found, decoder.decode(stream[at:], final=True))
    return found


def _printed(found: list[Entry], text: str) -> None:
    if text:
        found.append(Printed(text))


def _entry(frame: dict[str, str]) -> Entry:
    kind = frame.pop("kind")
    if kind == "sql":
        return Sql(**frame)
    if kind == "warning":
        return Warned(**frame)
    return Failed(**frame)
