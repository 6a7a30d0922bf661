"""The closest reading of typed lines as a part of a record: which typed line is which
record line, which are wrong, and which record lines the typed ones leave out.

An alignment of the typed lines with a stretch of the record's lines, found by dynamic
programming at the least cost: a typed line equal to its record line costs nothing, one
that differs from it (``changed``) or that the record does not have (``typed``) costs
``WRONG``, and a record line the typed ones leave out (``missing``) costs one, except where
the typed block says that output is left out (``free``): there the record's lines cost
nothing (``omitted``). So a typed line is read as wrong only where reading it as right
would leave ``WRONG`` record lines or more out unannounced.
The record's lines before the first typed line and after the last are outside the stretch
and cost nothing. Time and memory grow with the product of the two lengths (a typed block
is a few dozen lines).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal, NamedTuple

WRONG = 8
Kind = Literal["equal", "changed", "typed", "missing", "omitted"]


class Step(NamedTuple):
    """One step of an alignment: its kind, and the typed and record lines (indexes from 0)
    it takes, ``None`` for a side it does not take."""

    kind: Kind
    typed: int | None
    recorded: int | None


def align(typed: Sequence[str], record: Sequence[str], free: Collection[int]) -> list[Step]:
    """The cheapest alignment of every line of ``typed`` with a stretch of ``record``;
    ``free`` holds the positions in ``typed`` before which record lines may be left out at
    no cost (``len(typed)`` for after the last)."""
    rows, columns = len(typed) + 1, len(record) + 1
    cost = [[0] * columns]
    for i in range(1, rows):
        row = [i * WRONG] + [0] * (columns - 1)
        above, line, skip = cost[i - 1], typed[i - 1], 0 if i in free else 1
        for j in range(1, columns):
            row[j] = min(
                above[j - 1] + WRONG * (line != record[j - 1]),
                above[j] + WRONG,
                row[j - 1] + skip,
            )
        cost.append(row)
    end = min(range(columns), key=lambda j: (cost[-1][j], j))
    return _back(typed, record, free, cost, end)


def _back(
    typed: Sequence[str],
    record: Sequence[str],
    free: Collection[int],
    cost: list[list[int]],
    end: int,
) -> list[Step]:
    """The steps that reach ``cost[-1][end]``, first to last."""
    steps: list[Step] = []
    i, j = len(typed), end
    while i > 0:
        here, skip = cost[i][j], 0 if i in free else 1
        if j > 0 and here == cost[i - 1][j - 1] + WRONG * (typed[i - 1] != record[j - 1]):
            kind: Kind = "equal" if typed[i - 1] == record[j - 1] else "changed"
            steps.append(Step(kind, i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == cost[i - 1][j] + WRONG:
            steps.append(Step("typed", i - 1, None))
            i -= 1
        else:
            steps.append(Step("omitted" if skip == 0 else "missing", None, j - 1))
            j -= 1
    steps.reverse()
    return steps
