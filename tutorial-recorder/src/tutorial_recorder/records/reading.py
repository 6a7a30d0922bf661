"""Read a record's text back into its items: printed lines, SQL, warnings, the final error.

Claims are asserted on this reading of the normalised text, so they hold for exactly what
the record and the docs pages show. The text is read line by line, a line being what was
printed between two ``\n`` (a ``\r``, ``\x1e`` or ``\u2028`` inside one is part of it):

- ``LEVEL sqlalchemy.<logger> message`` starts an echo line. A statement may run over
  several lines; it ends where the next echo line starts, which is its parameters line
  (``[...] (...)``). Single-line messages (``BEGIN (implicit)``, ``COMMIT``) end at once.
- ``file:line: SomeWarning: message`` is a warning; an indented line after it is the
  source line Python shows with it. A message that starts with a line end leaves the line
  ending at ``SomeWarning:`` (the trailing-space rule removed the space after it); the
  message is then the next line, without its indentation.
- The final error is the uncaught exception the step's process reported, shown at the end
  from its ``Traceback (most recent call last):`` line on. A run's reading knows how many
  lines it takes (``Transcript.reading``, from the capture's error mark), so a traceback
  the step printed itself (``traceback.print_exc()``) and went on is printed output like
  any other. Read from a record's text alone, the final error is the last such line and
  what follows it.
- Every other line is printed output.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import NamedTuple

_ECHO = re.compile(r"^(?P<logger>[A-Z]+ sqlalchemy\.\S+) ?(?P<message>.*)$")
_WARNING = re.compile(r"^\S+:\d+: (?P<category>\w*Warning):(?: (?P<message>.*))?$")
_TRACEBACK = "Traceback (most recent call last):"
_BADGE = re.compile(r"^\[[^\]]*\] ?")
_READS = ("SELECT", "BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")


@dataclass(frozen=True)
class Item:
    kind: str  # "printed", "sql", "parameters", "warning"
    text: str
    category: str = ""
    lines: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The record's lines this item was read from, as they are (for the pages)."""
    logger: str = field(default="", compare=False, repr=False)
    """For echo lines, the level and logger they start with: ``INFO sqlalchemy.engine.Engine``."""


class Sent(NamedTuple):
    """A statement and its parameters as Python values: a tuple, a list of tuples for an
    executemany, or None when the statement has no parameters line."""

    statement: str
    parameters: object

    @property
    def writes(self) -> bool:
        """Whether the statement changes the database (not a read, not bookkeeping)."""
        return not self.statement.startswith(_READS)


@dataclass(frozen=True)
class Error:
    type: str
    message: str
    lines: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The record's lines from ``Traceback`` to the end, as they are."""


@dataclass(frozen=True)
class Reading:
    items: tuple[Item, ...]
    error: Error | None

    @classmethod
    def parse(cls, text: str, error_lines: int | None = None) -> Reading:
        """Read ``text``; its last ``error_lines`` lines are the final error (none with 0),
        or, when the number is not known, its last ``Traceback`` line and what follows."""
        lines = printed_lines(text)
        if error_lines is None:
            starts = [i for i, line in enumerate(lines) if line == _TRACEBACK]
            error_lines = len(lines) - starts[-1] if starts else 0
        if error_lines == 0:
            return cls(tuple(_items(lines)), None)
        at = len(lines) - error_lines
        before, header = lines[:at], lines[at]
        if header != _TRACEBACK and header.endswith(_TRACEBACK):  # printed with no line end
            before, header = [*before, header[: -len(_TRACEBACK)]], _TRACEBACK
        final = [line for line in lines[at + 1 :] if line != "  ..."]
        kind, _, message = "\n".join(final).partition(": ")
        error = Error(kind, message, (header, *lines[at + 1 :]))
        return cls(tuple(_items(before)), error)

    @property
    def printed(self) -> list[str]:
        return [item.text for item in self.items if item.kind == "printed"]

    @property
    def statements(self) -> list[str]:
        """The SQL statements without their parameters lines, stripped of outer blank lines."""
        return [item.text for item in self.items if item.kind == "sql"]

    @property
    def parameters(self) -> list[str]:
        return [item.text for item in self.items if item.kind == "parameters"]

    @property
    def warnings(self) -> list[Item]:
        return [item for item in self.items if item.kind == "warning"]

    def printed_after(self, header: str) -> list[str]:
        """The printed lines that follow the printed line ``header``."""
        assert header in self.printed, f"no printed line {header!r}"
        return self.printed[self.printed.index(header) + 1 :]

    def sent(self, after: str | None = None, before: str | None = None) -> list[Sent]:
        """Every statement with its parameters, in order. With ``after``, only those sent
        after the first printed line starting with it; with ``before``, only those sent
        before the next printed line starting with that. Each marker must exist."""
        items = list(self.items)
        if after is not None:
            starts = [i for i, it in enumerate(items) if _printed_from(it, after)]
            assert starts, f"no printed line starting with {after!r}"
            items = items[starts[0] + 1 :]
        if before is not None:
            ends = [i for i, it in enumerate(items) if _printed_from(it, before)]
            assert ends, f"no printed line starting with {before!r} after {after!r}"
            items = items[: ends[0]]
        found: list[Sent] = []
        for item in items:
            if item.kind == "sql":
                found.append(Sent(item.text, None))
            elif item.kind == "parameters" and found and found[-1].parameters is None:
                values = ast.literal_eval(_BADGE.sub("", item.text, count=1))
                found[-1] = Sent(found[-1].statement, values)
        return found

    def statements_between(self, first: str, second: str) -> list[str]:
        """The statements sent after the printed line starting with ``first`` and before the
        next printed line starting with ``second``: what one step sent to the database."""
        return [sent.statement for sent in self.sent(after=first, before=second)]


def printed_lines(text: str) -> list[str]:
    """``text``'s lines: what comes between two ``\n``, the last one's ``\n`` left out."""
    if not text:
        return []
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def writes(sent: list[Sent]) -> list[Sent]:
    """The statements of ``sent`` that change the database."""
    return [s for s in sent if s.writes]


def inserted(sent: list[Sent], table: str) -> list[object]:
    """The parameters of every ``INSERT INTO table`` in ``sent``, in the order they were sent."""
    return [s.parameters for s in sent if s.statement.startswith(f"INSERT INTO {table} ")]


def _printed_from(item: Item, start: str) -> bool:
    return item.kind == "printed" and item.text.startswith(start)


def _items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    index = 0
    while index < len(lines):
        start, line = index, lines[index]
        index += 1
        if (echo := _ECHO.match(line)) is not None:
            message = [echo.group("message")]
            following = _next_echo(lines, index)
            if following is not None and _is_parameters(lines[following]):
                message += lines[index:following]
                index = following
            text = "\n".join(message).strip()
            kind = "parameters" if _is_parameters(line) else "sql"
            source = tuple(lines[start:index])
            items.append(Item(kind, text, lines=source, logger=echo.group("logger")))
        elif (warning := _WARNING.match(line)) is not None:
            said: str | None = warning.group("message")
            if said is None and index < len(lines):  # the message starts with a line end
                said, index = lines[index].strip(), index + 1
            if index < len(lines) and lines[index].startswith("  "):
                index += 1
            category, source = warning.group("category"), tuple(lines[start:index])
            items.append(Item("warning", said or "", category, source))
        else:
            items.append(Item("printed", line, lines=(line,)))
    return items


def _next_echo(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if _ECHO.match(lines[i])), None)


def _is_parameters(line: str) -> bool:
    match = _ECHO.match(line)
    return match is not None and match.group("message").startswith("[")
