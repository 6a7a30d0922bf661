"""A unified diff as HTML: a ``<pre>`` that wraps its long lines, ``-`` lines in ``<del>``,
``+`` lines in ``<ins>``, and within a changed pair of lines the words that differ in
``<mark>``, so that a reader sees the difference without scrolling sideways and without any
script. The generated upgrades pages and the matrix's HTML report draw their diffs so."""

from __future__ import annotations

import html

from tutorial_recorder.compare import changes

CLASS = "upgrade-diff"
WRAP = "white-space: pre-wrap; overflow-wrap: anywhere"


def diff(lines: list[str], headers: int = 0) -> list[str]:
    """A unified diff, or a part of one, as HTML lines; its first ``headers`` lines (``---``
    and ``+++``) are shown as they are."""
    shown = [escaped(line) for line in lines[:headers]]
    index = headers
    while index < len(lines):
        removed = _run(lines, index, "-")
        added = _run(lines, index + len(removed), "+")
        if not removed and not added:
            shown.append(escaped(lines[index]))
            index += 1
            continue
        pairs = [marked(old[1:], new[1:]) for old, new in zip(removed, added, strict=False)]
        if len(removed) != len(added):
            pairs = []
        olds = [pair[0] for pair in pairs] or [escaped(line[1:]) for line in removed]
        news = [pair[1] for pair in pairs] or [escaped(line[1:]) for line in added]
        shown += [f"<del>-{line}</del>" for line in olds]
        shown += [f"<ins>+{line}</ins>" for line in news]
        index += len(removed) + len(added)
    shown[0] = f'<pre class="{CLASS}" style="{WRAP}"><code>{shown[0]}'
    shown[-1] += "</code></pre>"
    return shown


def marked(old: str, new: str) -> tuple[str, str]:
    """Both lines escaped, with the words that differ between them in ``<mark>``."""
    left: list[str] = []
    right: list[str] = []
    for differs, one, other in changes.words(old, new):
        if not differs:
            left.append(escaped(one))
            right.append(escaped(other))
            continue
        left.append(f"<mark>{escaped(one)}</mark>" if one else "")
        right.append(f"<mark>{escaped(other)}</mark>" if other else "")
    return "".join(left), "".join(right)


def escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _run(lines: list[str], start: int, sign: str) -> list[str]:
    """The lines from ``start`` on that begin with ``sign``."""
    run: list[str] = []
    for line in lines[start:]:
        if not line.startswith(sign):
            break
        run.append(line)
    return run
