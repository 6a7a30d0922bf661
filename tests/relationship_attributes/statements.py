"""Helpers for the claim tests of this group: SQL statements paired with their parameters."""

from __future__ import annotations

import ast
import re

from companion.reading import Reading

_BADGE = re.compile(r"^\[[^\]]*\] ")


def parameters(text: str) -> object:
    """The Python value of a parameters line, without its ``[generated in ...s]`` badge."""
    return ast.literal_eval(_BADGE.sub("", text, count=1))


def sent_after(reading: Reading, first: str, second: str | None = None) -> list[tuple[str, object]]:
    """Each statement with its parameters (``None`` when it has none), sent after the printed
    line starting with ``first`` and before the next one starting with ``second`` (to the end
    of the run when ``second`` is None)."""
    pairs: list[tuple[str, object]] = []
    started = False
    for item in reading.items:
        if item.kind == "printed" and not started and item.text.startswith(first):
            started = True
        elif item.kind == "printed" and started and second and item.text.startswith(second):
            return pairs
        elif item.kind == "sql" and started:
            pairs.append((item.text, None))
        elif item.kind == "parameters" and started and pairs:
            pairs[-1] = (pairs[-1][0], parameters(item.text))
    if not started or second is not None:
        raise AssertionError(f"no printed line starting with {first!r} then {second!r}")
    return pairs


def inserted(pairs: list[tuple[str, object]], table: str) -> list[object]:
    """The parameters of every ``INSERT INTO table``, in the order they were sent."""
    return [params for sql, params in pairs if sql.startswith(f"INSERT INTO {table} ")]
