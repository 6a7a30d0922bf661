"""The generated comparisons of an older set of versions with the records: every change
grouped under its cause, and the whole diff of each step.

``generate`` compares an older set's runs with the records, which a newer set made (in this
project SQLAlchemy 2.0 against 2.1, from the upgrade matrix):

- each change under its cause (the ``upgrades`` causes of ``tutorial_recorder.compare.causes``),
  with the cause's source, the steps it occurs in as links to their pages, and one example;
  a change that no cause explains under the ``unexplained`` heading, so nothing is hidden;
- then, for each step that differs, the diff from its run under the older set to its record.

``generate_lowest`` writes the steps of another set whose run differs from the records in a
way no cause explains, each with its whole diff. Every diff is HTML (``tutorial_recorder.compare.
html``). ``problems`` checks a file's checksum and that every diff still ends in the
records, so the test suite notices a hand edit, and a page gone stale after records were
accepted.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tutorial_recorder.compare import changes, fragment
from tutorial_recorder.compare import html as html_diff
from tutorial_recorder.compare.causes import Cause, Causes, Change
from tutorial_recorder.compare.prose import count, listed
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import KINDS, Project
from tutorial_recorder.records import messages
from tutorial_recorder.records.labels import KIND_NAMES

FILE = "sqlalchemy_2_0_vs_2_1.md"
LOWEST_FILE = "lowest_set.md"
COMMAND = "companion matrix report"
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<length>\d+))? @@")
NEW_FILE = re.compile(r"^\+\+\+ (?P<record>\S+)")
PRE = re.compile(r"<pre[^>]*><code>(?P<body>.*?)</code></pre>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Versions:
    """One set of versions and its run of every step."""

    name: str
    python: str
    packages: Mapping[str, str]
    runs: Mapping[Path, Path]
    """Each step's module, in order, and where its run's files are: the path to which the
    kind of record (``KINDS``) is appended."""


@dataclass
class Grouped:
    """Runs of changed lines that change the same way, wherever they are."""

    signature: tuple[tuple[str, str], ...]
    """Each changed piece of text: (as the older set has it, as the records have it)."""
    removed: tuple[str, ...]
    """The first occurrence, as the older set shows it."""
    added: tuple[str, ...]
    steps: list[str] = field(default_factory=list)
    lines: int = 0

    def summary(self) -> str:
        if len(self.signature) > 6 or any(len(a + b) > 80 for a, b in self.signature):
            return "These lines change"
        parts = []
        for old, new in self.signature:
            if old.strip() and new.strip():
                parts.append(f"`{old.strip()}` becomes `{new.strip()}`")
            elif old.strip():
                parts.append(f"`{old.strip()}` goes")
            else:
                parts.append(f"`{new.strip()}` comes")
        return listed(parts) if parts else "Whitespace changes"


@dataclass
class StepDiff:
    step: str
    """The short id."""
    record: str
    """The record's path from the project root."""
    diff: str
    changes: list[Grouped]


def command(project: Project, causes: Causes) -> str:
    """The command that regenerates the files, as their first line and the messages name it."""
    return causes.command or project.command(COMMAND)


def generate(project: Project, causes: Causes, old: Versions, new: Versions) -> str:
    """The comparison of ``old``'s runs with the records, which ``new`` made."""
    sqlalchemy_old = old.packages.get("sqlalchemy", "?")
    sqlalchemy_new = new.packages.get("sqlalchemy", "?")
    diffs = _step_diffs(project, old, f"SQLAlchemy {sqlalchemy_old}")
    grouped = _merged(diffs)
    same = {name: old.packages.get(name, "?") for name in ("sqlmodel", "pydantic")}
    differing = len({d.step for d in diffs})
    kinds = [KIND_NAMES[k] for k in KINDS if any(d.record.endswith(k) for d in diffs)]
    same_kinds = [KIND_NAMES[kind] for kind in KINDS if KIND_NAMES[kind] not in kinds]
    where = f"in their {listed([f'{kind}s' for kind in kinds])}" + (
        f"; their {listed([f'{kind}s' for kind in same_kinds])} are identical."
        if same_kinds
        else "."
    )
    body = [
        f"Compared: **SQLAlchemy {sqlalchemy_old}** (the matrix's `{old.name}` set) and "
        f"**SQLAlchemy {sqlalchemy_new}** (the `{new.name}` set, which the records and every "
        f"other page show), both with sqlmodel {same['sqlmodel']}, pydantic "
        f"{same['pydantic']} and Python {old.python}.",
        "",
        f"{differing} of the {len(old.runs)} steps differ, {where}"
        if differing
        else f"None of the {len(old.runs)} steps differs.",
        "",
    ]
    if grouped:
        groups = _by_cause(causes, grouped)
        body += [
            f"Every difference has one of {count(len(groups), 'cause')}. Under each, the "
            "lines that change the same way are counted together, with the steps they occur "
            f"in and one example: a `-` line is what SQLAlchemy {sqlalchemy_old} shows, the "
            f"`+` line what {sqlalchemy_new} shows in its place.",
            "",
        ]
        for cause, members in groups:
            body += _cause_section(project, causes, cause, members)
        body += ["### Every step", ""]
        for diff in diffs:
            body += _step_section(project, causes, diff)
    sources = f"its sets {old.name} and {new.name}"
    return fragment.with_header(body, command(project, causes), sources)


def generate_lowest(project: Project, causes: Causes, lowest: Versions) -> str:
    """The steps whose difference under ``lowest`` no cause explains."""
    packages = lowest.packages
    diffs = _step_diffs(project, lowest, f"the {lowest.name} set")
    unexplained = {d.step for d in diffs if any(not _explained(causes, c) for c in d.changes)}
    differing = len({d.step for d in diffs})
    body = [
        f"Compared: the matrix's `{lowest.name}` set, **sqlmodel "
        f"{packages.get('sqlmodel', '?')}**, **SQLAlchemy {packages.get('sqlalchemy', '?')}** "
        f"and pydantic {packages.get('pydantic', '?')} on Python {lowest.python}, with the "
        "records.",
        "",
        f"{differing} of the {len(lowest.runs)} steps differ. In "
        f"{differing - len(unexplained)} of them every changed line is one "
        f"of the {count(len(causes.causes), 'cause')} above"
        + (
            f"; {count(len(unexplained), 'step')} also "
            + ("changes in what it does" if len(unexplained) == 1 else "change in what they do")
            + ": a `-` line is what the step does under these versions, "
            "a `+` line what its record, and the chapter's page, show."
            if unexplained
            else "; no step changes in what it does."
        ),
        "",
    ]
    for diff in diffs:
        if any(not _explained(causes, c) for c in diff.changes):
            body += _step_section(project, causes, diff, opened=True)
    return fragment.with_header(body, command(project, causes), f"its set {lowest.name}")


def problems(project: Project, causes: Causes, text: str) -> list[str]:
    """Why ``text``, a committed generated file, is not what the matrix wrote or no longer
    fits the records; empty when all is well."""
    run = command(project, causes)
    rest, found = fragment.unedited(text, run)
    if found:
        return found
    for name, lines in diffs(rest).items():
        record_path = project.root / name
        if not record_path.is_file():
            found.append(f"{name}: no such record")
            continue
        record = record_path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if (hunk := HUNK.match(line)) is not None:
                start, length = int(hunk.group("start")), int(hunk.group("length") or 1)
                side = _new_side(lines[index + 1 :], length)
                if record[max(start - 1, 0) : start - 1 + length] != side:
                    found.append(
                        f"{name}: line {start} on no longer reads as the page shows; "
                        f"run {run} to regenerate it"
                    )
    return found


def diffs(text: str) -> dict[str, list[str]]:
    """The whole diffs in a generated file, as plain unified-diff lines, by the record each
    ends in (its ``+++`` line); the examples of the causes are no whole diffs."""
    found: dict[str, list[str]] = {}
    for block in PRE.finditer(text):
        lines = html.unescape(TAG.sub("", block.group("body"))).split("\n")
        if len(lines) > 1 and (new_file := NEW_FILE.match(lines[1])) is not None:
            found[new_file.group("record")] = lines
    return found


def _step_diffs(project: Project, versions: Versions, label: str) -> list[StepDiff]:
    """For each step whose run differs from one of its records: the diff from the run
    (``label``) to the record, and its changes."""
    short = {project.step_id(step.module): step.id for step in steps.steps(project)}
    found = []
    for module, base in versions.runs.items():
        step = short[project.step_id(module)]
        for kind in KINDS:
            record = MAIN.record_for(project, module, kind)
            ran = base.with_name(base.name + kind).read_text(encoding="utf-8")
            recorded = record.read_text(encoding="utf-8")
            if ran == recorded:
                continue
            name = project.relative(record)
            diff = messages.diff(ran, recorded, name)
            diff = diff.replace(f"--- {name} (record)", f"--- {label}", 1)
            diff = diff.replace(f"+++ {name} (this run)", f"+++ {name}", 1)
            grouped = [
                Grouped(changes.signature(r, a), r, a, [step], max(len(r), len(a)))
                for r, a in changes.runs(ran, recorded)
            ]
            found.append(StepDiff(step, name, diff, grouped))
    return found


def _merged(diffs: list[StepDiff]) -> list[Grouped]:
    """The changes of every step, those that change the same way counted as one."""
    merged: dict[tuple[tuple[str, str], ...], Grouped] = {}
    for diff in diffs:
        for change in diff.changes:
            into = merged.setdefault(
                change.signature, Grouped(change.signature, change.removed, change.added)
            )
            into.lines += change.lines
            into.steps += [step for step in change.steps if step not in into.steps]
    return sorted(merged.values(), key=lambda change: -len(change.steps))


def _cause_of(causes: Causes, grouped: Grouped) -> Cause:
    return causes.of(Change(grouped.removed, grouped.added))


def _explained(causes: Causes, grouped: Grouped) -> bool:
    return _cause_of(causes, grouped) is not causes.unexplained


def _by_cause(causes: Causes, grouped: list[Grouped]) -> list[tuple[Cause, list[Grouped]]]:
    groups = []
    for cause in (*causes.causes, causes.unexplained):
        members = [change for change in grouped if _cause_of(causes, change) is cause]
        if members:
            groups.append((cause, members))
    return groups


def _cause_section(
    project: Project, causes: Causes, cause: Cause, members: list[Grouped]
) -> list[str]:
    order = {step.id: index for index, step in enumerate(steps.steps(project))}
    every = sorted({step for change in members for step in change.steps}, key=order.__getitem__)
    lines = sum(change.lines for change in members)
    source = f" Source: {cause.source}." if cause.source else ""
    body = [f"### {cause.title}", "", f"{cause.explanation}{source}", ""]
    body += [
        f"{count(lines, 'line')} in {count(len(every), 'step')}: "
        + ", ".join(_step_link(project, causes, step) for step in every)
        + ".",
        "",
    ]
    for change in members:
        body += [
            f"{change.summary()}: {count(change.lines, 'line')} in "
            f"{count(len(change.steps), 'step')}, for example:",
            "",
            *html_diff.diff(
                [f"-{line}" for line in change.removed] + [f"+{line}" for line in change.added]
            ),
            "",
        ]
    return body


def _step_section(
    project: Project, causes: Causes, diff: StepDiff, *, opened: bool = False
) -> list[str]:
    changed = sum(change.lines for change in diff.changes)
    return [
        f"{_step_link(project, causes, diff.step)}, `{diff.record}`:",
        "",
        f'<details class="note"{" open" if opened else ""}>',
        f"<summary>{count(changed, 'changed line')}</summary>",
        *html_diff.diff(diff.diff.rstrip("\n").split("\n"), headers=2),
        "</details>",
        "",
    ]


def _step_link(project: Project, causes: Causes, step_id: str) -> str:
    """The step's id as a link to its chapter's page, from the page that includes the file."""
    step = steps.find(project, step_id)
    if step.page is None or causes.page is None:
        return f"`{step_id}`"
    relative = posixpath.relpath(step.page.as_posix(), causes.page.parent.as_posix())
    return f"[`{step_id}`]({relative})"


def _new_side(lines: list[str], length: int) -> list[str]:
    """The record's lines of one hunk: its context and ``+`` lines, ``length`` of them."""
    side: list[str] = []
    for line in lines:
        if len(side) == length:
            break
        if line.startswith((" ", "+")):
            side.append(line[1:])
    return side
