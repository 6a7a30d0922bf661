"""Run one tutorial module the way a reader does, in a process of its own, and return its
transcript.

The module runs unmodified, as ``__main__``, in a process forked for it from a warm server
(``tutorial_recorder.runner.server``, ``client``, ``supervisor``, ``child``), so nothing an earlier
step did (threads, logging settings, event listeners, imported helper modules, SQLModel's
globals) can reach it, and nothing it does (``sys.exit``, ``os._exit``, signals,
``KeyboardInterrupt``) can reach the caller. It has:

- its engines on a database of its own (``tutorial_recorder.databases``: a SQLite file in a
  temporary folder, ``tutorial_recorder.runner.engine``), or, given ``db=FILE``, on that SQLite
  file, which the run then really writes;
- an empty temporary folder as its working folder, which must stay empty, and a watch on
  every file it writes elsewhere (``tutorial_recorder.runner.writes``), inside a sandbox made by
  the kernel where it can be (``tutorial_recorder.runner.sandbox``);
- descriptors 1 and 2 on one pipe, the echo, warnings and error in order among what it
  prints (``tutorial_recorder.runner.capture``);
- a time limit, after which its whole process group is killed, and as long again for the
  threads it waits for at its end;
- the project's limits (``tutorial_recorder.runner.limits``): memory, file size, processes, open
  files and output. A final error that comes from one of them fails the run, naming it.
- a final ``ModuleNotFoundError`` for a package that is not installed fails the run as a
  missing dependency, naming it (``missing_package``): it is never recorded.

Its transcript ends as a real run ends: with the uncaught error, or a line naming a
non-zero exit status or the signal that ended it. The state is the database as a new
connection sees it afterwards; the diagram draws the models the run defined.

``StepError`` names the module, says what went wrong (it does not compile, ran out of time,
left a daemon thread, wrote files, ...) and shows the transcript so far.

``plain(module)`` runs the module the same way with nothing replaced, for the proof that
the records show what a learner sees: its own database file in its working folder, whatever
its URL calls it (every SQLite database left there is dumped,
``tutorial_recorder.runner.leftovers``), SQLAlchemy's own echo handler, real pipes, the same
watch and sandbox.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import replace
from pathlib import Path

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.transcript import Ended, Entry, Failed, Transcript
from tutorial_recorder.runner import capture, client, limits, sandbox
from tutorial_recorder.runner.bare import BareRun, RunError, outcome
from tutorial_recorder.runner.protocol import PLAIN, RECORD

TIME_LIMIT = 10.0
GRACE = 10.0
"""How long past the step's longest run (twice its time limit) to wait for its supervisor's
report before killing both (``tutorial_recorder.runner.client``)."""
SHOWN = 4096
"""How much of what a step printed past the output limit its failure shows, in bytes."""


class StepError(RunError):
    """The run could not be recorded; the message names the module and shows what it did."""


def record(
    project: Project,
    module: Path,
    *,
    seconds: float = TIME_LIMIT,
    db: Path | None = None,
    on: Database = MAIN,
    grace: float = GRACE,
) -> Transcript:
    """Run ``module`` of ``project`` on a database of its own on ``on`` (``on.step()``),
    dumped and removed after; with ``db``, against that SQLite file instead."""
    with on.step() as step:
        transcript = _record(project, module, seconds, db, step.url, grace)
        return transcript if step.dump is None else replace(transcript, state=step.dump())


def _record(
    project: Project, module: Path, seconds: float, db: Path | None, url: str | None, grace: float
) -> Transcript:
    module = module.resolve()
    nonce = capture.new_nonce()
    request = {
        "mode": RECORD,
        "module": str(module),
        "seconds": seconds,
        "nonce": nonce,
        "db": str(db.resolve()) if db is not None else None,
        "url": url,
        "limits": limits.request(project.limits),
        "sandbox": sandbox.wanted(),
    }
    outcome = _run(project, module, request, seconds, grace)
    report = outcome.report
    if "output_limit" in report:  # only the first part, which is all a reader needs
        entries = capture.entries(outcome.terminal[:SHOWN], nonce)
    else:
        entries = capture.entries(outcome.terminal, nonce)
    entries += _ending(entries, report.get("status"))
    models = report.get("models") or {}
    orders = tuple(tuple(order) for order in models.get("field_orders", ()))
    if report.get("ran") is False:  # nothing ran, so there is no transcript to show
        raise StepError(f"{project.relative(module)} {report['failure']}")
    if "output_limit" in report:
        heading = f"The first {limits.size(SHOWN)} it printed"
        raise _stopped(project, module, _what(project, report), entries, orders, heading)
    if "failure" in report or "written" in report:
        raise _stopped(project, module, _what(project, report), entries, orders)
    if entries and isinstance(entries[-1], Failed):
        error = entries[-1]
        if (beyond := limits.reached(error.type, error.message, project.limits)) is not None:
            raise _stopped(project, module, beyond, entries, orders)
        if (package := missing_package(project, module, error)) is not None:
            raise StepError(
                f"{project.relative(module)} needs the package '{package}', which is not"
                " installed: install it (a missing dependency is never recorded)"
            )
    state, diagram = report.get("state", ""), models.get("diagram", "")
    return Transcript(tuple(entries), orders, state, diagram, project.root)


def plain(
    project: Project, module: Path, *, seconds: float = TIME_LIMIT, grace: float = GRACE
) -> BareRun:
    """Run ``module`` with nothing replaced: the real-run proof, on the warm server."""
    module = module.resolve()
    request = {
        "mode": PLAIN,
        "module": str(module),
        "seconds": seconds,
        "limits": limits.request(project.limits),
        "sandbox": sandbox.wanted(),
    }
    done = _run(project, module, request, seconds, grace)
    if "failure" in done.report or "written" in done.report:
        raise StepError(f"{project.relative(module)} {_what(project, done.report)}")
    return outcome(done.terminal, done.report, project.root)


def _run(
    project: Project, module: Path, request: dict[str, object], seconds: float, grace: float
) -> client.Outcome:
    try:
        return client.run(request, seconds=2 * seconds, grace=grace)
    except client.ServerGone as gone:
        raise StepError(f"{project.relative(module)} could not be run: {gone}") from None


_NO_MODULE = re.compile(r"No module named '(?P<name>[^']+)'")


def missing_package(project: Project, module: Path, error: Failed) -> str | None:
    """The package a final ``ModuleNotFoundError`` says is missing, when it is one: its
    top-level name is neither importable here (the warm server runs this interpreter) nor a
    module or folder of the project's modules folders or of the step's own folder. A step
    that imports a module of its own tree that is not there fails as it means to."""
    found = _NO_MODULE.match(error.message) if error.type == "ModuleNotFoundError" else None
    if found is None:
        return None
    top = found.group("name").partition(".")[0]
    try:
        if importlib.util.find_spec(top) is not None:
            return None
    except (ImportError, ValueError):  # a parent that cannot be imported, a bad name
        return None
    names = {path.stem for path in module.parent.iterdir() if _is_module(path, module.parent)}
    for folder in project.modules_folders:
        names.add(folder.name)
        names.update(path.stem for path in folder.rglob("*") if _is_module(path, folder))
    return None if top in names else top


def _is_module(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    if any(part.startswith(".") or part == "__pycache__" for part in parts):
        return False
    return path.suffix == ".py" or path.is_dir()


def _ending(entries: list[Entry], status: dict[str, object] | None) -> list[Entry]:
    """How the run ended, when a terminal would not show it: a non-zero exit status without
    a traceback, or a signal."""
    if not isinstance(status, dict):
        return []
    if "signal" in status:
        return [Ended(f"killed by {status['signal']}")]
    code = status.get("exit", 0)
    if code and not any(isinstance(entry, Failed) for entry in entries):
        return [Ended(f"exit status {code}")]
    return []


def _what(project: Project, report: dict[str, object]) -> str:
    if "failure" in report:
        return str(report["failure"])
    found = report["written"]
    assert isinstance(found, list)
    written = ", ".join(project.relative(Path(str(path))) for path in found)
    return f"wrote files outside its temporary folder: {written}"


def _stopped(
    project: Project,
    module: Path,
    what: str,
    entries: list[Entry],
    orders: tuple[tuple[str, ...], ...],
    heading: str = "Transcript so far",
) -> StepError:
    so_far = Transcript(tuple(entries), orders, root=project.root).text
    return StepError(f"{project.relative(module)} {what}\n\n{heading}:\n{so_far}")
