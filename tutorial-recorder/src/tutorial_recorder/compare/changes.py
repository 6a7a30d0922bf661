"""The changes from one text to another: runs of changed lines, and the words that differ."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
Lines = tuple[str, ...]


def runs(old: str, new: str) -> list[tuple[Lines, Lines]]:
    """Each run of changed lines from ``old`` to ``new``: (removed, added)."""
    a, b = old.splitlines(), new.splitlines()
    return [
        (tuple(a[i1:i2]), tuple(b[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if tag != "equal"
    ]


def line_by_line(old: str, new: str) -> list[tuple[Lines, Lines]]:
    """Each run of changed lines; a run that changes line for line, line by line, so that
    each line can go under a cause of its own."""
    pieces: list[tuple[Lines, Lines]] = []
    for removed, added in runs(old, new):
        if len(removed) == len(added):
            pieces += [((r,), (a,)) for r, a in zip(removed, added, strict=True)]
        else:
            pieces.append((removed, added))
    return pieces


def words(old: str, new: str) -> list[tuple[bool, str, str]]:
    """Both lines cut into runs of words, spaces and signs: (whether the run differs, as
    ``old`` has it, as ``new`` has it), in order."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    return [
        (tag != "equal", "".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]


def signature(removed: Lines, added: Lines) -> tuple[tuple[str, str], ...]:
    """What changes within the lines: the differing runs of words and signs, line by line,
    each once (the whole lines when their number changes)."""
    if len(removed) != len(added):
        return (("\n".join(removed), "\n".join(added)),)
    pieces: list[tuple[str, str]] = []
    for old, new in zip(removed, added, strict=True):
        pieces += [(one, other) for differs, one, other in words(old, new) if differs]
    return tuple(dict.fromkeys(pieces))
