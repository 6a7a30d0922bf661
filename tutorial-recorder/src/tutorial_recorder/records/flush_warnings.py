"""Rule 12 of ``tutorial_recorder.records.normalise``: the warnings one flush gives in set order,
put in text order where they come one right after the other."""

from __future__ import annotations

import re

_MARK = " not in session, "
_SET_ORDERED = re.compile(
    r"\S+:\d+: SAWarning: Object of type <[^>\n]*> not in session, \w+ operation "
    r"along '[^'\n]*' (?:will not|won't) proceed"
)
_SOURCE = "  "


def in_text_order(text: str) -> str:
    """``text`` with each run of consecutive "not in session" warnings (each with the source
    line Python shows under it) sorted by its text; everything else where it was."""
    if _MARK not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _MARK in line and _SET_ORDERED.fullmatch(line):
            shown = index + 1 < len(lines) and lines[index + 1].startswith(_SOURCE)
            end = index + 2 if shown else index + 1
            run.append("\n".join(lines[index:end]))
            index = end
            continue
        out += sorted(run)
        run = []
        out.append(line)
        index += 1
    out += sorted(run)
    return "\n".join(out)
