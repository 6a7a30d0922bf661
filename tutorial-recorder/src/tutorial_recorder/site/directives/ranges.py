"""Line numbers as other projects' pages write them: ``ln[1:19,23]`` and ``hl[9,11:13]``.

A spec is comma-separated items, each a line number ``c`` or an inclusive range ``a:b``
(1-based, ``a <= b``), in increasing order without overlaps. ``ln[...]`` picks lines of a
file; ``hl[...]`` names lines by their numbers in the file, which must be among those
shown and not blank. ``directives.code`` uses both.
"""

from __future__ import annotations

import re

from tutorial_recorder.site.directives.base import IncludeError

ITEM = re.compile(r"^(?P<first>[1-9][0-9]*)(?::(?P<last>[1-9][0-9]*))?$")
GAP = "# ..."
"""The line that stands for lines left out between two picked parts."""


def numbers(target: str, key: str, spec: str) -> list[int]:
    """The line numbers ``key[spec]`` names, in increasing order."""
    found: list[int] = []
    for item in spec.split(","):
        match = ITEM.match(item.strip())
        first = int(match.group("first")) if match else 0
        last = int(match.group("last") or first) if match else 0
        if match is None or last < first or (found and first <= found[-1]):
            raise IncludeError(
                f"{target}: {key}[{spec}] is not increasing line numbers and ranges "
                "like 1:19,23 (from 1)"
            )
        found.extend(range(first, last + 1))
    return found


def pick(target: str, spec: str, lines: list[str]) -> tuple[list[str], list[int | None]]:
    """The lines ``ln[spec]`` picks from ``lines`` (a whole file), with a ``GAP`` line
    between parts that do not follow each other, and each shown line's number in the file
    (``None`` for a gap)."""
    wanted = numbers(target, "ln", spec)
    if wanted[-1] > len(lines):
        raise IncludeError(
            f"{target}: ln[{spec}] reaches line {wanted[-1]}, past the end of the file "
            f"({len(lines)} lines)"
        )
    shown: list[str] = []
    origin: list[int | None] = []
    for number in wanted:
        if origin and origin[-1] != number - 1:
            shown.append(GAP)
            origin.append(None)
        shown.append(lines[number - 1])
        origin.append(number)
    return shown, origin


def highlights(target: str, spec: str, shown: list[str], origin: list[int | None]) -> set[int]:
    """The positions in the block (from 1) of the file lines ``hl[spec]`` names, given the
    ``shown`` lines and each one's number in the file (``origin``)."""
    position = {number: index for index, number in enumerate(origin, start=1) if number is not None}
    found: set[int] = set()
    for number in numbers(target, "hl", spec):
        if number not in position:
            raise IncludeError(
                f"{target}: hl[{spec}] names line {number}, which is not among the lines shown"
            )
        if not shown[position[number] - 1].strip():
            raise IncludeError(f"{target}: hl[{spec}] names line {number}, which is blank")
        found.add(position[number])
    return found
