"""The transcript of one run: what a module printed, the SQL it emitted, its warnings and its error.

Entries are kept in the order they happened. ``Transcript.text`` renders them the way a
terminal shows a real ``python <module>`` run and then normalises that text; it is the
content of the module's record and of every output block on the docs pages. Claims are
checked on ``Transcript.reading``: that same text, read back item by item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tutorial_recorder.project.paths import DIAGRAM, STATE, TRANSCRIPT
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.reading import Reading, printed_lines


@dataclass(frozen=True)
class Printed:
    """Text the module wrote to stdout or stderr, one or more whole lines."""

    text: str

    def render(self) -> str:
        return self.text


@dataclass(frozen=True)
class Sql:
    """One record of SQLAlchemy's echo log: a statement, or the parameters line after it."""

    level: str
    logger: str
    message: str
    whole: str = field(default="", compare=False)
    """The message before SQLAlchemy shortened it for showing, where it did; records show
    ``message``, as a terminal does."""

    def render(self) -> str:
        return f"{self.level} {self.logger} {self.message}\n"


@dataclass(frozen=True)
class Warned:
    """A warning as Python shows it: ``file:line: Category: message`` and the source line."""

    text: str

    def render(self) -> str:
        return self.text


@dataclass(frozen=True)
class Failed:
    """The uncaught exception that ended the run; always the last entry."""

    type: str
    message: str
    text: str
    traceback: str = field(default="", compare=False)
    """The whole traceback, frames included, for failure reports; records show ``text``."""

    def render(self) -> str:
        return "Traceback (most recent call last):\n  ...\n" + self.text


@dataclass(frozen=True)
class Ended:
    """How a run ended when its output does not show it: ``exit status 3`` (``sys.exit(3)``,
    ``os._exit(3)``) or ``killed by SIGTERM``. A shell shows it with ``echo $?``."""

    how: str

    def render(self) -> str:
        return f"[{self.how}]\n"


Entry = Printed | Sql | Warned | Failed | Ended


@dataclass(frozen=True)
class Transcript:
    """One run of one module.

    ``field_orders`` lists, for each model the run defined, its attributes in declaration
    order; the normaliser uses it to print model reprs in a stable order. ``state`` is the
    database at the end of the run, as a SQL dump (``tutorial_recorder.records.database``);
    ``diagram``
    draws the tables the models defined (``tutorial_recorder.records.diagrams``).
    """

    entries: tuple[Entry, ...]
    field_orders: tuple[tuple[str, ...], ...] = field(default=())
    state: str = ""
    diagram: str = ""
    root: Path | None = field(default=None, compare=False)
    """The project's root, left out of the paths the run printed (normalisation)."""

    def recorded(self, kind: str) -> str:
        """The text of this run's record of ``kind`` (see ``tutorial_recorder.project.paths``)."""
        return {TRANSCRIPT: self.text, STATE: self.state, DIAGRAM: self.diagram}[kind]

    @cached_property  # a transcript never changes: the record test and every claim share it
    def text(self) -> str:
        return normalise("".join(e.render() for e in self.entries), self.field_orders, self.root)

    @property
    def error(self) -> Failed | None:
        """The uncaught exception that ended the run, if one did."""
        last = self.entries[-1] if self.entries else None
        return last if isinstance(last, Failed) else None

    @property
    def whole_statements(self) -> list[str]:
        """Every statement the echo shortened, whole, in the order sent (claims about the
        full text of a long batched statement read these)."""
        shortened = [
            e for e in self.entries if isinstance(e, Sql) and e.whole not in ("", e.message)
        ]
        return [e.whole for e in shortened]

    @cached_property
    def reading(self) -> Reading:
        """The normalised text read back into entries: what the record says, item by item.
        The final error is the one the step's process reported (its entry, always the last),
        however many tracebacks the step printed before it."""
        error = self.error
        if error is None:
            return Reading.parse(self.text, error_lines=0)
        shown = normalise(error.render(), self.field_orders, self.root)
        return Reading.parse(self.text, error_lines=len(printed_lines(shown)))
