"""Read what a recorded run sent to the database: each statement with its parameters."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from companion.reading import Reading


@dataclass(frozen=True)
class Sent:
    statement: str
    parameters: tuple[object, ...] | None


def sent(reading: Reading, after: str = "") -> list[Sent]:
    """Every statement with its parameters as Python values, in order; with ``after``, only
    those sent after the first printed line starting with it (which must exist)."""
    items = list(reading.items)
    if after:
        starts = [i for i, item in enumerate(items) if item.kind == "printed"]
        found = [i for i in starts if items[i].text.startswith(after)]
        assert found, f"no printed line starting with {after!r}"
        items = items[found[0] + 1 :]
    result: list[Sent] = []
    for index, item in enumerate(items):
        if item.kind != "sql":
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        values = None
        if following is not None and following.kind == "parameters":
            values = ast.literal_eval(following.text.partition("] ")[2])
        result.append(Sent(item.text, values))
    return result


def printed_after(reading: Reading, header: str) -> list[str]:
    """The printed lines that follow the printed line ``header``."""
    printed = reading.printed
    assert header in printed, f"no printed line {header!r}"
    return printed[printed.index(header) + 1 :]
