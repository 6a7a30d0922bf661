"""Collect what a running module shows, as transcript entries in the order it happened.

Printed text, SQLAlchemy's echo log and warnings all land in one list. The echo log is
captured by a handler of our own on SQLAlchemy's loggers, installed for the run: with a
handler present, SQLAlchemy does not add its default one, which would bind whatever
``sys.stdout`` existed when the first engine of the process was made.

``sys.stdout`` and ``sys.stderr`` behave as a terminal's do under ``python <module>``: UTF-8,
strict for text (a string that cannot be encoded raises ``UnicodeEncodeError``), and a
``buffer`` for bytes, which read as the terminal shows them, invalid UTF-8 as U+FFFD (the
way ``companion.runner.bare`` reads a real run's output).
"""

from __future__ import annotations

import codecs
import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from unittest import mock

import sqlalchemy.log

from companion.records.transcript import Entry, Failed, Printed, Sql, Warned


class _Writer(io.TextIOBase):
    """A UTF-8 text stream that appends what is written to the entries; bytes go to ``buffer``.

    Text and bytes pass through one incremental decoder, as they reach a terminal through one
    byte stream: a character split across two writes still reads as one.
    """

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, entries: list[Entry]) -> None:
        self._entries = entries
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.buffer = _Bytes(self)

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.show(text.encode(self.encoding, self.errors))
        return len(text)

    def show(self, data: bytes, *, final: bool = False) -> None:
        text = self._decoder.decode(data, final)
        if not text:
            return
        at = len(self._entries)
        if final and at and isinstance(self._entries[-1], Failed):
            at -= 1  # bytes left undecoded at the end go before the error a run prints last
        if at and isinstance(self._entries[at - 1], Printed):
            text = self._entries.pop(at - 1).text + text
            at -= 1
        self._entries.insert(at, Printed(text))


class _Bytes(io.RawIOBase):
    """``sys.stdout.buffer``: bytes, shown as a terminal decodes them."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        chunk = memoryview(data).tobytes()
        self._writer.show(chunk)
        return len(chunk)


class _Handler(logging.Handler):
    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self._entries = entries

    def emit(self, record: logging.LogRecord) -> None:
        # SQLAlchemy shortens a long statement when it is shown ("... N characters truncated
        # ..."); the message as a plain string is the whole statement
        whole = str.__str__(record.msg) if isinstance(record.msg, str) and not record.args else ""
        self._entries.append(Sql(record.levelname, record.name, record.getMessage(), whole))


@contextmanager
def captured() -> Iterator[list[Entry]]:
    """Capture into a new list of entries; warnings use Python's default filters."""
    entries: list[Entry] = []
    writer = _Writer(entries)
    handler = _Handler(entries)

    def show(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
        text = warnings.formatwarning(message, category, filename, lineno, line)
        entries.append(Warned(text))

    with (
        _own_loggers(handler),
        warnings.catch_warnings(),
        redirect_stdout(writer),
        redirect_stderr(writer),
    ):
        _python_default_filters()
        warnings.showwarning = show
        try:
            yield entries
        finally:
            writer.show(b"", final=True)  # an incomplete character at the very end


def _python_default_filters() -> None:
    """The warning filters of a bare ``python <module>`` (pytest installs others)."""
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category, append=True)


@contextmanager
def _own_loggers(handler: logging.Handler) -> Iterator[None]:
    """Route SQLAlchemy's echo to ``handler`` for the run, then put back what was there.

    Handlers left on SQLAlchemy's loggers by earlier engines are taken off for the run, and
    wherever SQLAlchemy would add its default stdout handler, ``handler`` goes instead.
    """
    loggers = [
        logging.getLogger(n)
        for n in sorted(logging.Logger.manager.loggerDict)
        if n.startswith("sqlalchemy")
    ]
    saved = {logger: logger.handlers[:] for logger in loggers}
    for logger in loggers:
        logger.handlers = []
    top = logging.getLogger("sqlalchemy")
    propagates, top.propagate = top.propagate, False  # a bare run has no root handler either
    try:
        with mock.patch.object(
            sqlalchemy.log, "_add_default_handler", lambda logger: logger.addHandler(handler)
        ):
            yield
    finally:
        top.propagate = propagates
        for name in sorted(logging.Logger.manager.loggerDict):
            logger = logging.getLogger(name)
            if name.startswith("sqlalchemy"):
                logger.handlers = saved.get(logger, [])
