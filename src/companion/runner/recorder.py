"""Run one tutorial module the way a reader does, and return its transcript.

The module runs unmodified, as ``__main__``, in this process, with:

- every engine pointed at one in-memory SQLite database (``companion.runner.engine``), or, given
  ``db=FILE``, at that SQLite file, which the run then really writes;
- a clean SQLModel metadata and registry (``companion.runner.models``);
- stdout, stderr, SQLAlchemy's echo and warnings captured in order (``companion.runner.capture``);
- an empty temporary folder as the current directory, which must stay empty;
- the database's final state dumped as SQL (``companion.records.database``), and the models'
  tables drawn as an entity-relationship diagram (``companion.records.diagrams``);
- a time limit (``companion.runner.timeout``), and after it a wait of as long for the threads it
  started, as at a real exit (``companion.runner.threads``).

An uncaught exception ends the transcript as its last entry. A module that does not
compile raises ``StepError`` naming it; one that runs out of time, leaves threads running,
or writes files raises ``StepError`` naming it, with the transcript so far.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import traceback
import types
from collections.abc import Iterator
from contextlib import AbstractContextManager, chdir, contextmanager
from pathlib import Path

from sqlmodel import SQLModel

from companion.project.paths import relative
from companion.records import database, diagrams
from companion.records.transcript import Entry, Failed, Transcript
from companion.runner import capture, engine, models, postgresql, threads
from companion.runner.timeout import StepTimeout, time_limit

TIME_LIMIT = 10.0


class StepError(Exception):
    """The run could not be recorded; the message names the module and shows what it did."""


def record(
    module: Path, *, seconds: float = TIME_LIMIT, db: Path | None = None, on: str = "sqlite"
) -> Transcript:
    """Run ``module``; with ``db``, against that SQLite file instead of in memory; with
    ``on="postgresql"``, on a database of its own on PostgreSQL
    (``companion.runner.postgresql``)."""
    module = module.resolve()
    namespace: dict[str, object] = {}
    engines: AbstractContextManager[sqlite3.Connection | postgresql.StepDatabase] = (
        postgresql.step_engines()
        if on == "postgresql"
        else engine.in_memory_engines()
        if db is None
        else engine.file_engines(db)
    )
    with capture.captured() as entries, models.fresh_sqlmodel(), engines as connection:
        try:
            with (
                _as_main(module) as namespace,
                _empty_cwd(module),
                threads.awaited(seconds),
                time_limit(seconds),
            ):
                exec(_compiled(module), namespace)
        except StepError:
            raise
        except StepTimeout:
            raise _stopped(module, f"did not finish within {seconds:g} s.", entries) from None
        except threads.ThreadsLeft as left:
            raise _stopped(module, str(left), entries) from None
        except Exception as error:  # the module's own uncaught error ends its transcript
            entries.append(_failed(error))
        orders = models.field_orders(namespace)
        state = connection.dump() if on == "postgresql" else database.dump(connection)
        diagram = diagrams.er_diagram(SQLModel.metadata)
    return Transcript(tuple(entries), orders, state, diagram)


def _compiled(module: Path) -> types.CodeType:
    """The module's code; ``StepError`` if it cannot be read or does not compile, since then
    nothing ran and there is no transcript."""
    try:
        return compile(module.read_bytes(), str(module), "exec", dont_inherit=True)
    except SyntaxError as error:
        where = f"line {error.lineno}" if error.lineno else "somewhere"
        raise StepError(f"{relative(module)} does not compile: {error.msg} ({where}).") from None
    except (OSError, ValueError) as error:
        raise StepError(f"{relative(module)} cannot be read: {error}") from None


def _stopped(module: Path, what: str, entries: list[Entry]) -> StepError:
    so_far = Transcript(tuple(entries)).text
    return StepError(f"{relative(module)} {what}\n\nTranscript so far:\n{so_far}")


def _failed(error: BaseException) -> Failed:
    only = "".join(traceback.format_exception_only(error))
    kind = type(error)
    name = (
        kind.__qualname__
        if kind.__module__ in ("builtins", "__main__")
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    # drop this module's own frame, so the traceback starts in the tutorial module
    whole = "".join(
        traceback.format_exception(kind, error, error.__traceback__ and error.__traceback__.tb_next)
    )
    return Failed(name, str(error), only, whole)


@contextmanager
def _as_main(module: Path) -> Iterator[dict[str, object]]:
    """A fresh ``__main__`` for ``module``; argv and sys.path as ``python <module>`` sets them."""
    main = types.ModuleType("__main__")
    main.__file__ = str(module)
    saved = sys.modules["__main__"], sys.argv[:], sys.path[:]
    sys.modules["__main__"], sys.argv[:] = main, [str(module)]
    sys.path.insert(0, str(module.parent))
    try:
        yield main.__dict__
    finally:
        sys.modules["__main__"], sys.argv[:], sys.path[:] = saved


@contextmanager
def _empty_cwd(module: Path) -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="companion-run-") as folder, chdir(folder):
        yield
        left = sorted(os.listdir(folder))
        if left:
            written = ", ".join(left)
            raise StepError(
                f"{relative(module)} wrote files although its database is in memory: {written}"
            )
