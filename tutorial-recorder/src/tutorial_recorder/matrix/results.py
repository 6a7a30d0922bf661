"""What each module did under each dependency set, against its committed records.

``load`` reads a set's folder (written by ``tutorial_recorder.matrix.recording``) and gives every
module
one of three outcomes:

- ``identical``: its transcript and final database equal its records;
- ``changed``: it ran, and one of its records (transcript, final database, diagram)
  differs from this run
  (unified diffs from the record to this run);
- ``failed``: it did not run as its record says it should: it could not be recorded (time
  limit, files written, the harness broke), it ended with an uncaught error its record does
  not end with, it has no result at all, or the whole set produced none. Its traceback
  comes with it.

``verdict`` turns the outcomes into the exit status CI uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.databases.registry import named
from tutorial_recorder.matrix.recording import SET_FILE, TRACEBACK, SetInfo, target
from tutorial_recorder.project.paths import KINDS, TRANSCRIPT, Project
from tutorial_recorder.records import messages
from tutorial_recorder.records.reading import Reading

IDENTICAL, CHANGED, FAILED = "identical", "changed", "failed"
STATUSES = (IDENTICAL, CHANGED, FAILED)


@dataclass(frozen=True)
class Diff:
    kind: str
    """``paths.TRANSCRIPT`` or ``paths.STATE``."""
    record: str
    """The record's path from the project root."""
    text: str
    """A unified diff from the record to this set's run."""


@dataclass(frozen=True)
class Outcome:
    step: str
    """The module's step id, ``group/chapter/tutorial00N``."""
    status: str
    diffs: tuple[Diff, ...] = ()
    reason: str = ""
    """For ``failed``: why, in one sentence."""
    traceback: str = ""


@dataclass(frozen=True)
class SetResult:
    info: SetInfo
    outcomes: tuple[Outcome, ...]

    @property
    def name(self) -> str:
        return self.info.name

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def outcome(self, step: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.step == step), None)


def load(project: Project, folder: Path, modules: Sequence[Path] | None = None) -> SetResult:
    """The outcome of every module (all of the project's by default) under the set in
    ``folder``."""
    info = SetInfo.read(folder)
    chosen = project.modules() if modules is None else modules
    if info.error:
        reason = "the set produced no results (see its error above)"
        return SetResult(
            info, tuple(Outcome(project.step_id(m), FAILED, reason=reason) for m in chosen)
        )
    return SetResult(info, tuple(outcome(project, folder, module) for module in chosen))


def outcome(project: Project, folder: Path, module: Path) -> Outcome:
    """What ``module`` did under the set recorded in ``folder``."""
    step, base = project.step_id(module), target(project, folder, module)
    fresh = {kind: _read(base.with_name(base.name + kind)) for kind in KINDS}
    traceback = _read(base.with_name(base.name + TRACEBACK)) or ""
    if fresh[TRANSCRIPT] is None:
        if traceback:
            return Outcome(step, FAILED, reason="it could not be recorded", traceback=traceback)
        return Outcome(step, FAILED, reason="no result: the recording stopped before it")
    diffs = []
    on = named(SetInfo.read(folder).on)
    for kind in KINDS:
        record = on.record_for(project, module, kind)
        recorded = _read(record) or ""
        if fresh[kind] is not None and fresh[kind] != recorded:
            name = project.relative(record)
            diffs.append(Diff(kind, name, messages.diff(recorded, fresh[kind] or "", name)))
    ended = Reading.parse(fresh[TRANSCRIPT] or "").error
    expected = Reading.parse(_read(on.record_for(project, module, TRANSCRIPT)) or "").error
    if ended is not None and (expected is None or expected.type != ended.type):
        because = f"it ended with {ended.type}, which its record does not end with"
        return Outcome(step, FAILED, tuple(diffs), because, traceback)
    return Outcome(step, CHANGED if diffs else IDENTICAL, tuple(diffs))


def sets(root: Path, names: Iterable[str] = ()) -> list[Path]:
    """The set folders under ``root``: those named, in that order, or every one found."""
    wanted = list(names)
    if wanted:
        return [root / name for name in wanted]
    return sorted(p.parent for p in root.glob(f"*/{SET_FILE}"))


@dataclass(frozen=True)
class Verdict:
    status: int
    """0, or 1 when CI should fail."""
    reasons: tuple[str, ...]
    """Why it fails, one sentence per set; empty when it passes."""


def verdict(results: Sequence[SetResult], *, strict: bool = False) -> Verdict:
    """Fail on any module that fails under a supported set; with ``strict``, on any
    difference under a supported set too. Unsupported sets are only reported."""
    reasons = []
    for result in results:
        if not result.info.supported:
            continue
        failed, changed = result.count(FAILED), result.count(CHANGED)
        if failed:
            reasons.append(f"{_modules(failed)} failed under the supported set {result.name}")
        if strict and changed:
            reasons.append(f"{_modules(changed)} changed under {result.name} (--strict)")
    if not results:
        reasons.append("no set has results to report")
    return Verdict(1 if reasons else 0, tuple(reasons))


def _modules(number: int) -> str:
    return f"{number} module{'' if number == 1 else 's'}"


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None
