"""The upgrade matrix's report as one self-contained HTML page.

The same content as the Markdown report (``tutorial_recorder.matrix.report``): verdict, sets,
modules by set, then every difference grouped by module, each diff drawn as the generated
pages draw theirs (``tutorial_recorder.compare.html``: lines tinted, the words that differ marked)
and tracebacks in full. Everything is in the one file: the CSS is inline, there is no script,
no font, no image and no link to anything outside the page, so it opens anywhere, offline,
and can be attached to a CI run as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from html import escape

from tutorial_recorder.compare import html as html_diff
from tutorial_recorder.matrix.report import (
    ACCEPT_NOTE,
    PACKAGE_COLUMNS,
    Entry,
    anchor,
    differences,
    failure_text,
    grid,
    intro,
    summary,
    versions,
)
from tutorial_recorder.matrix.results import CHANGED, FAILED, STATUSES, SetResult, Verdict
from tutorial_recorder.records.labels import KIND_NAMES

CSS = """
:root { color-scheme: light dark; --ok: #1a7f37; --changed: #9a6700; --failed: #cf222e;
  --line: #d0d7de; --muted: #57606a; --add: #dafbe1; --del: #ffebe9; --mark: #fff1a8; }
@media (prefers-color-scheme: dark) { :root { --line: #30363d; --muted: #8b949e;
  --add: #12361f; --del: #3d1418; --mark: #5c4a00; --ok: #3fb950; --changed: #d29922;
  --failed: #f85149; } }
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 110rem;
  padding: 0 1.5rem; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.verdict { font-weight: 600; padding: .6rem 1rem; border-radius: 6px; border: 2px solid; }
.verdict.pass { border-color: var(--ok); } .verdict.fail { border-color: var(--failed); }
table { border-collapse: collapse; margin: .8rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.identical { color: var(--ok); } .changed { color: var(--changed); font-weight: 600; }
.failed { color: var(--failed); font-weight: 700; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem;
  overflow-x: auto; }
pre del, pre ins { text-decoration: none; } pre del { background: var(--del); }
pre ins { background: var(--add); } pre mark { background: var(--mark); color: inherit; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .6rem 0;
  padding: .3rem .8rem; }
summary { cursor: pointer; font-weight: 600; }
.entry { margin: .8rem 0 1.2rem; }
"""


def html(results: Sequence[SetResult], verdict: Verdict, *, when: datetime | None = None) -> str:
    """The whole report as one HTML page."""
    when = when or datetime.now(timezone.utc)
    modules = len(results[0].outcomes) if results else 0
    state = "fail" if verdict.status else "pass"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Upgrade matrix report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Upgrade matrix report</h1>",
        f'<p class="muted">{_inline_code(intro(modules, len(results), when))}</p>',
        f'<p class="verdict {state}">{escape(summary(verdict, results))}</p>',
        f"<p>{_inline_code(ACCEPT_NOTE)}</p>",
        "<h2>Sets</h2>",
        _sets_table(results),
        *(_set_error(result) for result in results if result.info.error),
        "<h2>Modules by set</h2>",
        _grid(results),
        "<h2>Differences by module</h2>",
    ]
    found = differences(results)
    if not found:
        parts.append("<p>None: every module matches its records under every set that ran.</p>")
    for step, entries in found:
        failed = any(entry.outcome.status == FAILED for entry in entries)
        statuses = ", ".join(f"{e.set}: {e.outcome.status}" for e in entries)
        parts += [
            f'<details id="{anchor(step)}"{" open" if failed else ""}>',
            f"<summary><code>{escape(step)}</code> "
            f'<span class="muted">({escape(statuses)})</span></summary>',
            *(_entry(entry) for entry in entries),
            "</details>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _sets_table(results: Sequence[SetResult]) -> str:
    head = [
        "set",
        "supported",
        "what it installs",
        "Python",
        *(label for label, _ in PACKAGE_COLUMNS),
    ]
    rows = [
        "<table><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + "".join(f'<th class="{s}">{s}</th>' for s in STATUSES)
        + "</tr>"
    ]
    for result in results:
        info = result.info
        cells = [
            f"<code>{escape(info.name)}</code>",
            "yes" if info.supported else "no (reported only)",
            escape(info.description),
            escape(info.python or "?"),
            *(escape(v) for v in versions(result)),
        ]
        counts = [
            f'<td class="n{f" {s}" if result.count(s) else ""}">{result.count(s)}</td>'
            for s in STATUSES
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "".join(counts) + "</tr>")
    return "\n".join([*rows, "</table>"])


def _set_error(result: SetResult) -> str:
    return (
        f'<p class="failed"><code>{escape(result.name)}</code> produced no results.</p>'
        f"{_pre(result.info.error)}"
    )


def _grid(results: Sequence[SetResult]) -> str:
    linked = {step for step, _ in differences(results)}
    rows = [
        "<table><tr><th>module</th>"
        + "".join(f"<th><code>{escape(r.name)}</code></th>" for r in results)
        + "</tr>"
    ]
    for step, cells in grid(results):
        name = (
            f'<a href="#{anchor(step)}"><code>{escape(step)}</code></a>'
            if step in linked
            else f"<code>{escape(step)}</code>"
        )
        rows.append(
            f"<tr><td>{name}</td>" + "".join(f'<td class="{c}">{c}</td>' for c in cells) + "</tr>"
        )
    return "\n".join([*rows, "</table>"])


def _entry(entry: Entry) -> str:
    outcome = entry.outcome
    status = outcome.status
    head = failure_text(outcome) if status == FAILED else CHANGED
    label = f'<code>{escape(entry.set)}</code>: <span class="{status}">{escape(head)}</span>'
    if entry.same_as is not None:
        same = f"the same as under <code>{escape(entry.same_as)}</code>"
        return f'<div class="entry">{label}, {same}.</div>'
    parts = [f'<div class="entry">{label}.']
    if outcome.traceback:
        parts += ["<p>The traceback:</p>", _pre(outcome.traceback)]
    for diff in outcome.diffs:
        what = KIND_NAMES[diff.kind]
        parts.append(f"<p>Its {what}, from <code>{escape(diff.record)}</code> to this run:</p>")
        parts.append(_diff(diff.text))
    parts.append("</div>")
    return "\n".join(parts)


def _diff(text: str) -> str:
    return "\n".join(html_diff.diff(text.rstrip("\n").split("\n"), headers=2))


def _pre(text: str) -> str:
    return f"<pre>{escape(text.rstrip())}</pre>"


def _inline_code(text: str) -> str:
    """Markdown's `code` and *emphasis* as HTML, everything else escaped."""
    out = []
    for index, piece in enumerate(escape(text).split("`")):
        if index % 2:
            out.append(f"<code>{piece}</code>")
        else:
            pieces = piece.split("*")
            out.append("".join(f"<em>{p}</em>" if i % 2 else p for i, p in enumerate(pieces)))
    return "".join(out)
