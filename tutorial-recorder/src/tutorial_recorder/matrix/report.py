"""The upgrade matrix's report as Markdown, and the parts the HTML page shares with it.

The report has, in order: the verdict (does CI pass, and why not); the sets with their
versions and their identical / changed / failed counts; every module by set; and under
that every difference, grouped by module: for each set where the module did not match its
records, the diff from the record to that set's run, after, for a failure, the reason and
the whole traceback. A set whose diff and traceback equal an earlier set's says so instead of
repeating them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from tutorial_recorder.matrix.results import (
    CHANGED,
    FAILED,
    IDENTICAL,
    STATUSES,
    Outcome,
    SetResult,
    Verdict,
)
from tutorial_recorder.records.labels import KIND_NAMES

PACKAGE_COLUMNS = (("sqlmodel", "sqlmodel"), ("SQLAlchemy", "sqlalchemy"), ("pydantic", "pydantic"))
ACCEPT_NOTE = (
    "A difference under the `locked` set means the records are stale: accept it with "
    "`./scripts/test --inline-snapshot=fix`, review `git diff tests/records`, and commit. "
    "Under any other set it shows what an upgrade or downgrade to that set would change "
    "(README: *Upgrades and the matrix*)."
)


@dataclass(frozen=True)
class Entry:
    """One set's outcome of one module, in the differences section."""

    set: str
    outcome: Outcome
    same_as: str | None
    """An earlier set whose outcome of this module is the same, diff and traceback alike."""


def differences(results: Sequence[SetResult]) -> list[tuple[str, list[Entry]]]:
    """Every module that did not match its records under some set, with those sets' outcomes,
    in module order. Sets that produced no results at all are left out (they are reported
    once, with their error)."""
    ran = [result for result in results if not result.info.error]
    steps = list(dict.fromkeys(o.step for result in ran for o in result.outcomes))
    found = []
    for step in steps:
        entries: list[Entry] = []
        for result in ran:
            outcome = result.outcome(step)
            if outcome is None or outcome.status == IDENTICAL:
                continue
            same = next((e.set for e in entries if _same(e.outcome, outcome)), None)
            entries.append(Entry(result.name, outcome, same))
        if entries:
            found.append((step, entries))
    return found


def grid(results: Sequence[SetResult]) -> list[tuple[str, list[str]]]:
    """Each module with its status under each set, in module order."""
    steps = list(dict.fromkeys(o.step for result in results for o in result.outcomes))
    return [
        (step, [o.status if (o := r.outcome(step)) else FAILED for r in results]) for step in steps
    ]


def summary(verdict: Verdict, results: Sequence[SetResult]) -> str:
    """The verdict in one or two sentences."""
    if verdict.status:
        return "FAILED: " + "; ".join(verdict.reasons) + "."
    changed = sum(result.count(CHANGED) for result in results)
    note = (
        f" {changed} module runs differ from their records: reported, not failures "
        "(--strict makes them failures)."
        if changed
        else " Every module matches its records under every set."
    )
    return "PASSED: no module fails under a supported set." + note


def versions(result: SetResult) -> list[str]:
    return [result.info.packages.get(key, "?") for _, key in PACKAGE_COLUMNS]


def anchor(step: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")


def failure_text(outcome: Outcome) -> str:
    return f"failed: {outcome.reason}"


def intro(modules: int, sets: int, when: datetime) -> str:
    """The report's first sentence, in Markdown: what ran, when, and how."""
    return (
        f"{modules} tutorial modules under {sets} dependency sets, {when:%Y-%m-%d %H:%M} UTC. "
        "Each module ran in a temporary folder of its own, as the test suite runs it, and was "
        "compared with its records in `tests/records/`."
    )


def markdown(
    results: Sequence[SetResult], verdict: Verdict, *, when: datetime | None = None
) -> str:
    """The whole report as Markdown."""
    when = when or datetime.now(timezone.utc)
    modules = len(results[0].outcomes) if results else 0
    out = [
        "# Upgrade matrix report",
        "",
        intro(modules, len(results), when),
        "",
        f"**{summary(verdict, results)}**",
        "",
        ACCEPT_NOTE,
        "",
        "## Sets",
        "",
        "| set | supported | what it installs | Python | "
        + " | ".join(label for label, _ in PACKAGE_COLUMNS)
        + " | identical | changed | failed |",
        "| --- " * (7 + len(PACKAGE_COLUMNS)) + "|",
    ]
    for result in results:
        info = result.info
        out.append(
            _row(
                [
                    f"`{info.name}`",
                    "yes" if info.supported else "no (reported only)",
                    info.description,
                    info.python or "?",
                    *versions(result),
                    *(str(result.count(status)) for status in STATUSES),
                ]
            )
        )
    for result in results:
        if result.info.error:
            out += ["", f"**`{result.name}` produced no results.**", "", _fence(result.info.error)]
    out += ["", "## Modules by set", "", _row(["module", *(f"`{r.name}`" for r in results)])]
    out.append("| --- " * (1 + len(results)) + "|")
    for step, cells in grid(results):
        out.append(_row([step, *(f"**{c}**" if c == FAILED else c for c in cells)]))
    found = differences(results)
    out += ["", "## Differences by module", ""]
    if not found:
        out.append("None: every module matches its records under every set that ran.")
    for step, entries in found:
        out += [f"### {step}", ""]
        for entry in entries:
            out += _entry_markdown(entry)
    return "\n".join(out).rstrip("\n") + "\n"


def _entry_markdown(entry: Entry) -> list[str]:
    outcome = entry.outcome
    head = failure_text(outcome) if outcome.status == FAILED else CHANGED
    if entry.same_as is not None:
        return [f"- `{entry.set}`: {head}, the same as under `{entry.same_as}`.", ""]
    out = [f"- `{entry.set}`: {head}.", ""]
    if outcome.traceback:
        out += ["  The traceback:", "", _fence(outcome.traceback, "pytb", indent="  "), ""]
    for diff in outcome.diffs:
        out += [f"  Its {KIND_NAMES[diff.kind]}, from `{diff.record}` to this run:", ""]
        out += [_fence(diff.text, "diff", indent="  "), ""]
    return out


def _same(one: Outcome, other: Outcome) -> bool:
    return (
        one.status == other.status
        and one.reason == other.reason
        and [d.text for d in one.diffs] == [d.text for d in other.diffs]
        and one.traceback == other.traceback
    )


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _fence(text: str, language: str = "text", indent: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [f"{indent}{line}" if line else "" for line in text.rstrip("\n").split("\n")]
    return "\n".join([f"{indent}{fence}{language}", *body, f"{indent}{fence}"])
