"""Rule 10 of ``tutorial_recorder.records.normalise``: the fields of model reprs in declaration
order.

SQLModel prints a model's ``key=value`` pairs in the order they were loaded. A run of pairs
whose keys all belong to one model of the run (and no key twice) is put in the model's
order; each value is read as a Python repr (brackets and strings skipped whole) and put in
order inside too, to ``DEEPEST`` models deep (deeper reprs are left as they are: no tutorial
prints one, and each level reads its text again).

It takes time linear in the line: a pair whose key no model has ends the run at once, a run
longer than the longest model is none, and where each repr ends is found once per position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_KEY = re.compile(r"(?<![\w.'\"=])([A-Za-z_]\w*)=(?!=)")
DEEPEST = 32


def reorder(text: str, orders: Sequence[Sequence[str]], depth: int = 0) -> str:
    """Put each run of ``key=value`` pairs that belongs to one model in declaration order;
    reprs nested deeper than ``DEEPEST`` models are left as they are."""
    if depth > DEEPEST:
        return text
    out: list[str] = []
    pos = 0
    values = _Values(text)
    fields = {key for order in orders for key in order}
    longest = max((len(order) for order in orders), default=0)
    while (match := _KEY.search(text, pos)) is not None:
        out.append(text[pos : match.start()])
        pairs, separator, end = _pairs_at(values, match.start(), fields, longest)
        order = _order_for([key for key, _ in pairs], orders) if len(pairs) > 1 else None
        if order is None:
            out.append(match.group(0))
            pos = match.end()
            continue
        pairs.sort(key=lambda pair: order.index(pair[0]))
        out.append(
            separator.join(
                f"{key}={reorder(text[start:stop], orders, depth + 1)}"
                for key, (start, stop) in pairs
            )
        )
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _order_for(keys: list[str], orders: Sequence[Sequence[str]]) -> Sequence[str] | None:
    wanted = set(keys)
    if len(wanted) != len(keys):
        return None
    return next((order for order in orders if wanted <= set(order)), None)


def _pairs_at(
    values: _Values, pos: int, fields: set[str], longest: int
) -> tuple[list[tuple[str, tuple[int, int]]], str, int]:
    """The ``key=value`` pairs starting at ``pos`` (each value as where it starts and ends in
    the text), their separator and where they end; none
    at the first key no model has, or past the longest model's count of fields (such pairs
    are in no model's order, whatever follows them)."""
    text = values.text
    pairs: list[tuple[str, tuple[int, int]]] = []
    separator = ""
    while True:
        match = _KEY.match(text, pos)
        if match is None:
            break
        if match.group(1) not in fields or len(pairs) >= longest:
            return [], " ", pos
        end = values.end(match.end())
        pairs.append((match.group(1), (match.end(), end)))
        pos = end
        following = separator or (", " if text.startswith(", ", end) else " ")
        if not text.startswith(following, end) or not _KEY.match(text, end + len(following)):
            break
        separator = following
        pos = end + len(following)
    return pairs, separator or " ", pos


class _Values:
    """Where the Python repr starting at a position of ``text`` ends: at a blank space or
    ``, `` outside brackets and strings, at a closing bracket it did not open, or at the end.

    Each answer is kept, for every position the scan passed at its own level and for every
    bracket it closed, so that the reprs of one line are read once however many keys start
    inside them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: dict[int, int] = {}
        self._closed: dict[int, int] = {}

    def end(self, pos: int) -> int:
        text = self.text
        passed: list[int] = []
        i = pos
        while i < len(text) and i not in self._ends:
            passed.append(i)
            char = text[i]
            if char in "'\"":
                i = _string_end(text, i)
            elif char in "([{":
                i = self._after_bracket(i)
            elif char in ")]}" or char == " " or text.startswith(", ", i):
                break
            else:
                i += 1
        end = self._ends.get(i, i)
        for position in passed:
            self._ends[position] = end
        return end

    def _after_bracket(self, start: int) -> int:
        """Where the text goes on after the bracket opened at ``start`` (past the end if it
        is never closed)."""
        text = self.text
        opened: list[int] = []
        i = start
        while i < len(text):
            char = text[i]
            if char in "'\"":
                i = _string_end(text, i)
            elif char in "([{":
                if i in self._closed:
                    i = self._closed[i]
                else:
                    opened.append(i)
                    i += 1
            elif char in ")]}":
                i += 1
                self._closed[opened.pop()] = i
                if not opened:
                    return i
            else:
                i += 1
            if not opened:
                return i
        for bracket in opened:
            self._closed[bracket] = i
        return i


def _string_end(text: str, pos: int) -> int:
    quote = text[pos]
    i = pos + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1
