"""The causes of the differences a comparison page groups, read from the project's data file.

The causes are the project's own words about its libraries, not code: ``causes.toml`` in
the project's ``comparisons`` folder (``[tool.tutorial-recorder]``, ``tests/matrix`` by default)
holds one table per comparison (``upgrades``, ``databases``)::

    [upgrades]
    command = "./scripts/matrix"     # optional: what regenerates the comparison's files,
                                     # named in their first line and in the checks' messages
    page = "docs/upgrades/x.md"      # optional: the page that includes them, from the root;
                                     # a step's id then links to its chapter's page
    unexplained = { title = "Other changes", explanation = "No cause above explains these." }

    [[upgrades.causes]]              # in order: a change goes under the first it matches
    title = "Links in errors and warnings"       # the cause's heading
    explanation = "Each error ends with a link"  # Markdown: what changed, and why
    source = "[the changelog](https://...)"      # optional Markdown: where it is documented
    match = { removed = '20', added = '21', every_line = ["sqlalche.me/e/"] }

A change is a run of removed lines and the lines added in their place. Its rule, ``match``,
holds when every one of its keys does:

- ``markers = ["..."]``: one of its lines holds one of these strings;
- ``every_line = ["..."]``: each of its lines holds one of these strings;
- ``removed = 'regex'``, ``added = 'regex'``: what changes within its lines (each run of
  words and signs that differs, as the old side and as the new side has it; the whole lines
  when their number changes) matches the regular expression as a whole, every time
  (``added = ''``: nothing comes in its place);
- ``reordered = true``: it only moves text: its two lines hold the same characters in another
  order, or each of its lines is on the other side of the same diff too;
- ``whole_step = true``, with ``markers``: a step whose new record holds a marker has all
  its changes counted under this cause (a run that ends early differs everywhere after).

A change that matches no cause comes under ``unexplained``, so nothing is hidden. A file
that cannot be read, or breaks these rules, is a ``CausesError`` that names the file, and
the cause.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.compare import changes
from tutorial_recorder.project import toml as tomllib
from tutorial_recorder.project.paths import Project

FILE = "causes.toml"
RULES = ("markers", "every_line", "removed", "added", "reordered", "whole_step")
Lines = changes.Lines


class CausesError(Exception):
    """The causes file is missing, is not TOML, or breaks the format above."""


@dataclass(frozen=True)
class Change:
    """What a rule looks at: a run of changed lines, and the lines the same diff moves."""

    removed: Lines
    added: Lines
    moved: frozenset[str] = frozenset()
    """The lines that the same diff both removes and adds, somewhere."""


@dataclass(frozen=True)
class Rule:
    markers: tuple[str, ...] = ()
    every_line: tuple[str, ...] = ()
    removed: re.Pattern[str] | None = None
    added: re.Pattern[str] | None = None
    reordered: bool = False
    whole_step: bool = False

    def holds(self, change: Change) -> bool:
        lines = change.removed + change.added
        text = "\n".join(lines)
        if self.markers and not any(marker in text for marker in self.markers):
            return False
        if self.every_line and not all(
            any(marker in line for marker in self.every_line) for line in lines
        ):
            return False
        if self.removed is not None or self.added is not None:
            for old, new in changes.signature(change.removed, change.added):
                if self.removed is not None and not self.removed.fullmatch(old):
                    return False
                if self.added is not None and not self.added.fullmatch(new):
                    return False
        return not self.reordered or _reordered(lines, change.moved)


@dataclass(frozen=True)
class Cause:
    """One reason behind a family of changes."""

    title: str
    explanation: str
    source: str = ""
    """Markdown: where the library documents the change; may be empty."""
    rule: Rule | None = None
    """``None`` for the heading of the changes no cause explains."""

    def explains(self, change: Change) -> bool:
        return self.rule is not None and self.rule.holds(change)

    def ends(self, record: str) -> bool:
        """Whether a step whose new record is ``record`` has all its changes from this cause."""
        rule = self.rule
        return rule is not None and rule.whole_step and any(m in record for m in rule.markers)


@dataclass(frozen=True)
class Causes:
    """One comparison's causes, in the order the file gives them."""

    causes: tuple[Cause, ...]
    unexplained: Cause
    command: str | None = None
    page: Path | None = None
    """The page that includes the comparison's files, absolute."""

    def of(self, change: Change) -> Cause:
        """The first cause that explains ``change``, or ``unexplained``."""
        return next((cause for cause in self.causes if cause.explains(change)), self.unexplained)


def of(project: Project, comparison: str) -> Causes:
    """The causes of ``comparison`` in ``project``'s ``causes.toml``."""
    return load(project.comparisons / FILE, comparison, project.root)


def load(path: Path, comparison: str, root: Path) -> Causes:
    """The causes of ``comparison`` in the file ``path``; ``root`` is the project's folder."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CausesError(
            f"{name} cannot be read ({error.strerror}): it holds the causes "
            "of the comparison pages (tutorial_recorder.compare.causes)"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CausesError(f"{name} is not valid TOML: {error}") from None
    table = document.get(comparison)
    if not isinstance(table, dict):
        raise CausesError(f"{name}: no [{comparison}] table")
    where = f"{name} [{comparison}]"
    _known(table, ("command", "page", "unexplained", "causes"), where)
    entries = table.get("causes", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CausesError(f"{where}: causes must be an array of tables ([[{comparison}.causes]])")
    causes = tuple(
        _cause(entry, f"{name} [[{comparison}.causes]] {index}", rule=True)
        for index, entry in enumerate(entries, 1)
    )
    unexplained = table.get("unexplained")
    if not isinstance(unexplained, dict):
        raise CausesError(f"{where}: unexplained must be a table with a title and explanation")
    page = _text(table, "page", where, default="")
    return Causes(
        causes,
        _cause(unexplained, f"{where} unexplained", rule=False),
        _text(table, "command", where, default="") or None,
        (root / page).resolve() if page else None,
    )


def _cause(entry: Mapping[str, object], where: str, *, rule: bool) -> Cause:
    title = _text(entry, "title", where)
    where = f"{where} ({title!r})"
    _known(
        entry,
        ("title", "explanation", "source", "match") if rule else ("title", "explanation"),
        where,
    )
    explanation = _text(entry, "explanation", where)
    source = _text(entry, "source", where, default="")
    if not rule:
        return Cause(title, explanation, source)
    match = entry.get("match")
    if not isinstance(match, dict) or not match:
        raise CausesError(f"{where}: match must be a table with at least one of {', '.join(RULES)}")
    return Cause(title, explanation, source, _rule(match, f"{where}: match"))


def _rule(match: Mapping[str, object], where: str) -> Rule:
    _known(match, RULES, where)
    markers, every_line = (_texts(match, key, where) for key in ("markers", "every_line"))
    patterns = {key: _pattern(match, key, where) for key in ("removed", "added")}
    flags = {key: match.get(key, False) for key in ("reordered", "whole_step")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise CausesError(f"{where}: {key} must be true or false")
    if flags["whole_step"] and not markers:
        raise CausesError(f"{where}: whole_step needs markers to find the step by")
    return Rule(
        markers,
        every_line,
        patterns["removed"],
        patterns["added"],
        bool(flags["reordered"]),
        bool(flags["whole_step"]),
    )


def _known(table: Mapping[str, object], keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise CausesError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(keys)})")


def _text(table: Mapping[str, object], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise CausesError(f"{where}: {key} must be a non-empty string")
    return value


def _texts(table: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CausesError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(value)


def _pattern(table: Mapping[str, object], key: str, where: str) -> re.Pattern[str] | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str):
        raise CausesError(f"{where}: {key} must be a string, a regular expression")
    try:
        return re.compile(value)
    except re.error as error:
        raise CausesError(
            f"{where}: {key} {value!r} is not a regular expression: {error}"
        ) from None


def _reordered(lines: Lines, moved: frozenset[str]) -> bool:
    """Whether ``lines`` only move: two lines of the same characters in another order, or
    lines that the same diff has on its other side too."""
    if len(lines) == 2 and sorted(lines[0]) == sorted(lines[1]):
        return True
    return set(lines) <= moved
