"""Output typed by hand in a project's pages, checked against the recorded runs.

A page may show a run's output as a fenced block written by hand instead of including its
record: a ```` ```console ````, ```` ```text ```` or unlabelled fence (alone, or inside a
``<div class="termy">`` wrapper), whose lines look like a program's output or its echoed
SQL (``INFO Engine ...``, ``INSERT INTO``, ``SELECT``, ``$ python ...``, a model's repr).
Each such block is matched to the record of the step that the page includes nearest
before it: the module of a ``{* ... *}`` directive (``{* docs_src/x/tutorial001.py *}``,
``{* ./docs_src/x/tutorial001_py310.py ln[1:19] hl[9] *}``, ``{* run docs_src/x.py *}``, or
a record of the module, ``{* tests/records/sqlite/x/tutorial001.txt *}``).

The block is read as a terminal shows it: ``$`` command lines, ``//`` comments and blank
lines are not output, a comment or a ``...`` line says that output is left out there, and
``INFO Engine`` is SQLAlchemy's ``INFO sqlalchemy.engine.Engine`` written short. What is
left is normalised by the project's own rules (``tutorial_recorder.records.normalise``:
timestamps, timings, addresses, paths) and compared, line by line, with the part of the
record it matches best (blank lines left out on both sides;
``tutorial_recorder.site.alignment``). Every typed line that is not
in the record, and every record line missing from the block where nothing says output is
left out, is a contradiction, reported with the page's and the record's line numbers.

``rewrite`` (``tutorial_recorder.site.rewrite``) replaces such blocks with includes of the
record's excerpt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.databases.registry import of
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import TRANSCRIPT, Project
from tutorial_recorder.records import files
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.site.alignment import Step, align
from tutorial_recorder.site.includes import DIRECTIVE

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})[ \t]*(?P<info>[^`\n]*)$")
OUTPUT_FENCES = ("", "console", "text")
TERMY_OPEN = re.compile(r"^[ \t]*<div class=\"termy\">[ \t]*$")
TERMY_CLOSE = re.compile(r"^[ \t]*</div>[ \t]*$")
COMMAND = re.compile(r"^\s*\$ ")
COMMENT = re.compile(r"^\s*//")
LEFT_OUT = re.compile(r"^\s*(?:\.\.\.|…)\s*$")
SHORT_ENGINE = re.compile(r"^(?P<level>[A-Z]+) Engine\b")
OUTPUT_SIGNS = re.compile(
    r"^\s*(?:\$ python\b|[A-Z]+ (?:sqlalchemy\.engine\.)?Engine\b"
    r"|(?:INSERT INTO|SELECT|UPDATE|DELETE FROM|CREATE TABLE|BEGIN|COMMIT|ROLLBACK)\b)"
    r"|\b\w+=(?:'[^'\n]*'|-?\d+|None|True|False)\s+\w+="
)


@dataclass(frozen=True)
class Typed:
    """A block typed by hand on a page: where it is, and its output lines."""

    page: Path
    opening: int
    """The index (from 0) of its opening fence among the page's lines."""
    closing: int
    """The index of its closing fence."""
    first: int
    """The index of the first line a rewrite replaces: the fence, or a termy ``<div>``."""
    last: int
    """The index of the last line a rewrite replaces."""
    indent: str
    output: tuple[tuple[int, str], ...]
    """Each output line: its index among the page's lines, and its text as typed."""
    left_out: frozenset[int]
    """The positions in ``output`` before which the block says output is left out."""


@dataclass(frozen=True)
class Contradiction:
    """Typed lines that the record does not have, or record lines the block does not show:
    line numbers from 1, on the page and in the record."""

    at: int
    """The page's line it is at: its first typed line, or the one after the gap."""
    page_lines: tuple[int, ...]
    typed: tuple[str, ...]
    record_lines: tuple[int, ...]
    recorded: tuple[str, ...]

    def diff(self) -> list[str]:
        """The lines of this contradiction, the record's (``-``) then the page's (``+``)."""
        return [
            *(f"-{n:>5} {line}" for n, line in zip(self.record_lines, self.recorded, strict=True)),
            *(f"+{n:>5} {line}" for n, line in zip(self.page_lines, self.typed, strict=True)),
        ]


@dataclass(frozen=True)
class Finding:
    """What the audit says of one typed block."""

    block: Typed
    page: str
    """The page, from the project's root."""
    step: str | None
    """The step the page includes nearest before the block; ``None`` if it includes none."""
    record: Path | None
    """That step's transcript on the main database."""
    contradictions: tuple[Contradiction, ...] = ()
    window: tuple[int, int] | None = None
    """The record's lines (indexes from 0, both included) the block stands for."""

    @property
    def status(self) -> str:
        """``right``, ``contradicts``, or ``unmatched`` (no step, or no record of it)."""
        if self.record is None:
            return "unmatched"
        return "contradicts" if self.contradictions else "right"


def audit(project: Project) -> list[Finding]:
    """A finding for every block typed by hand in the project's pages, page by page."""
    return [finding for page in project.pages() for finding in audit_page(project, page)]


def audit_page(project: Project, page: Path) -> list[Finding]:
    """A finding for every block typed by hand in ``page``."""
    lines = page.read_text(encoding="utf-8").split("\n")
    name = project.relative(page)
    found: list[Finding] = []
    modules = frozenset(module.resolve() for module in project.modules())
    for block, module in _blocks(project, modules, page, lines):
        if module is None:
            found.append(Finding(block, name, None, None))
            continue
        step = steps.id_of(project, module)
        record = of(project)[0].record_for(project, module, TRANSCRIPT)
        text = files.read(record)
        if text is None:
            found.append(Finding(block, name, step, None))
            continue
        window, contradictions = compare(project, block, text)
        found.append(Finding(block, name, step, record, tuple(contradictions), window))
    return found


def _blocks(
    project: Project, modules: frozenset[Path], page: Path, lines: list[str]
) -> list[tuple[Typed, Path | None]]:
    """Every typed output block of ``page`` (its ``lines``), with the module the page
    includes nearest before it."""
    found: list[tuple[Typed, Path | None]] = []
    module: Path | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if (directive := DIRECTIVE.match(line)) is not None:
            named = _included_module(project, modules, directive.group("body"))
            module = named or module
        elif (fence := FENCE.match(line)) is not None:
            closing = _closing(lines, index, fence.group("ticks"))
            info = fence.group("info").strip().split(" ")[0].lower()
            if info in OUTPUT_FENCES and closing is not None:
                block = _typed(page, lines, index, closing, fence.group("indent"))
                if block is not None:
                    found.append((block, module))
            index = len(lines) if closing is None else closing
        index += 1
    return found


def _closing(lines: list[str], opening: int, ticks: str) -> int | None:
    for index in range(opening + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(ticks) and not stripped.strip("`"):
            return index
    return None


def _typed(page: Path, lines: list[str], opening: int, closing: int, indent: str) -> Typed | None:
    """The block between ``opening`` and ``closing`` if it shows output, else ``None``."""
    body = range(opening + 1, closing)
    if not any(OUTPUT_SIGNS.search(lines[index]) for index in body):
        return None
    output: list[tuple[int, str]] = []
    left_out: set[int] = set()
    for index in body:
        line = lines[index].removeprefix(indent)
        if COMMENT.match(line) or LEFT_OUT.match(line):
            left_out.add(len(output))
        elif line.strip() and not COMMAND.match(line):
            output.append((index, SHORT_ENGINE.sub(r"\g<level> sqlalchemy.engine.Engine", line)))
    if not output:
        return None
    first, last = opening, closing
    before, after = _neighbour(lines, opening, -1), _neighbour(lines, closing, 1)
    if TERMY_OPEN.match(lines[before]) and TERMY_CLOSE.match(lines[after]):
        first, last = before, after
    return Typed(page, opening, closing, first, last, indent, tuple(output), frozenset(left_out))


def _neighbour(lines: list[str], index: int, step: int) -> int:
    """The closest line to ``index`` in direction ``step`` that is not blank; ``index``
    itself if there is none."""
    at = index + step
    while 0 <= at < len(lines):
        if lines[at].strip():
            return at
        at += step
    return index


def _included_module(project: Project, modules: frozenset[Path], body: str) -> Path | None:
    """The step module a directive names (directly, after a keyword, or through a record
    of it); ``None`` if it names none."""
    for word in body.split()[:2]:
        target = word.removeprefix("./")
        path = (project.root / target).resolve()
        if not path.is_relative_to(project.root):
            continue
        if path.suffix == ".py" and path in modules:
            return path
        if path.is_relative_to(project.records) and path.is_file():
            try:
                module = project.module_for(path)
            except ValueError:
                continue
            return module.resolve() if module.resolve() in modules else None
    return None


def compare(
    project: Project, block: Typed, record: str
) -> tuple[tuple[int, int] | None, list[Contradiction]]:
    """The record's lines ``block`` stands for (indexes from 0, both included; ``None`` if
    none of its lines is in the record), and where it contradicts them."""
    typed = _normalised(project, [text for _, text in block.output])
    numbers = [index + 1 for index, _ in block.output]
    shown = [(n, line) for n, line in enumerate(record.split("\n"), 1) if line.strip()]
    recorded = [line for _, line in shown]
    if not set(typed) & set(recorded):
        return None, [Contradiction(numbers[0], tuple(numbers), tuple(typed), (), ())]
    steps = align(typed, recorded, block.left_out)
    taken = [step.recorded for step in steps if step.recorded is not None]
    found: list[Contradiction] = []
    run: list[Step] = []
    for step in [*steps, Step("equal", None, None)]:
        if step.kind not in ("equal", "omitted"):
            run.append(step)
            continue
        if run:
            at = next((s.typed for s in [*run, step] if s.typed is not None), len(numbers) - 1)
            found.append(
                Contradiction(
                    numbers[at],
                    tuple(numbers[s.typed] for s in run if s.typed is not None),
                    tuple(typed[s.typed] for s in run if s.typed is not None),
                    tuple(shown[s.recorded][0] for s in run if s.recorded is not None),
                    tuple(recorded[s.recorded] for s in run if s.recorded is not None),
                )
            )
            run = []
    return (shown[taken[0]][0] - 1, shown[taken[-1]][0] - 1), found


def _normalised(project: Project, typed: list[str]) -> list[str]:
    """``typed`` under the project's rules, line for line (each line alone where a rule
    would change how many lines there are)."""
    whole = normalise("\n".join(typed), root=project.root).split("\n")
    if len(whole) == len(typed):
        return whole
    return [normalise(line, root=project.root) for line in typed]
