"""Collect what a running module shows, as transcript entries in the order it happened.

Printed text, SQLAlchemy's echo log and warnings all land in one list. The echo log is
captured by a handler of our own on SQLAlchemy's loggers, installed for the run: with a
handler present, SQLAlchemy does not add its default one, which would bind whatever
``sys.stdout`` existed when the first engine of the process was made.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from unittest import mock

import sqlalchemy.log

from companion.transcript import Entry, Printed, Sql, Warned


class _Writer(io.TextIOBase):
    """A text stream that appends what is written to the entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self._entries = entries

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._entries and isinstance(self._entries[-1], Printed):
            text = self._entries.pop().text + text
        self._entries.append(Printed(text))
        return len(text)


class _Handler(logging.Handler):
    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self._entries = entries

    def emit(self, record: logging.LogRecord) -> None:
        self._entries.append(Sql(record.levelname, record.name, record.getMessage()))


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
        yield entries


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
