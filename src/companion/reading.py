"""Read a record's text back into its items: printed lines, SQL, warnings, the final error.

Claims are asserted on this reading of the normalised text, so they hold for exactly what
the record and the docs pages show. The text is read line by line:

- ``LEVEL sqlalchemy.<logger> message`` starts an echo line. A statement may run over
  several lines; it ends where the next echo line starts, which is its parameters line
  (``[...] (...)``). Single-line messages (``BEGIN (implicit)``, ``COMMIT``) end at once.
- ``file:line: SomeWarning: message`` is a warning; an indented line after it is the
  source line Python shows with it.
- ``Traceback (most recent call last):`` starts the final error, which runs to the end.
- Every other line is printed output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ECHO = re.compile(r"^[A-Z]+ sqlalchemy\.\S+ ?(?P<message>.*)$")
_WARNING = re.compile(r"^\S+:\d+: (?P<category>\w*Warning): (?P<message>.*)$")
_TRACEBACK = "Traceback (most recent call last):"


@dataclass(frozen=True)
class Item:
    kind: str  # "printed", "sql", "parameters", "warning"
    text: str
    category: str = ""


@dataclass(frozen=True)
class Error:
    type: str
    message: str


@dataclass(frozen=True)
class Reading:
    items: tuple[Item, ...]
    error: Error | None

    @classmethod
    def parse(cls, text: str) -> Reading:
        lines = text.splitlines()
        error = None
        if _TRACEBACK in lines:
            at = lines.index(_TRACEBACK)
            final = [line for line in lines[at + 1 :] if line != "  ..."]
            kind, _, message = "\n".join(final).partition(": ")
            error, lines = Error(kind, message), lines[:at]
        return cls(tuple(_items(lines)), error)

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

    def statements_between(self, first: str, second: str) -> list[str]:
        """The statements sent after the printed line starting with ``first`` and before the
        next printed line starting with ``second``: what one step sent to the database."""
        found: list[str] | None = None
        for item in self.items:
            if item.kind == "printed" and found is None and item.text.startswith(first):
                found = []
            elif item.kind == "printed" and found is not None and item.text.startswith(second):
                return found
            elif item.kind == "sql" and found is not None:
                found.append(item.text)
        raise AssertionError(f"no printed line starting with {first!r} then one with {second!r}")


def _items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if (echo := _ECHO.match(line)) is not None:
            message = [echo.group("message")]
            following = _next_echo(lines, index)
            if following is not None and _is_parameters(lines[following]):
                message += lines[index:following]
                index = following
            text = "\n".join(message).strip()
            items.append(Item("parameters" if _is_parameters(line) else "sql", text))
        elif (warning := _WARNING.match(line)) is not None:
            if index < len(lines) and lines[index].startswith("  "):
                index += 1
            items.append(Item("warning", warning.group("message"), warning.group("category")))
        else:
            items.append(Item("printed", line))
    return items


def _next_echo(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if _ECHO.match(lines[i])), None)


def _is_parameters(line: str) -> bool:
    match = _ECHO.match(line)
    return match is not None and match.group("message").startswith("[")
