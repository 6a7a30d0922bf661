"""Which sets of a matrix run the upgrade comparisons are made from, and when they are written.

When one matrix run has the ``OLD`` set (the locked versions with the newest SQLAlchemy
2.0) and the ``NEW`` set (the locked versions, which the records are made with), and the
``NEW`` set matches every record, ``write`` turns the ``OLD`` set's runs into
``tutorial_recorder.compare.upgrades.FILE`` and, when the run has it, the ``LOWEST`` set's into
``LOWEST_FILE``, both in the project's comparisons folder. A set in which modules failed
leaves its file as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from tutorial_recorder.compare import fragment, upgrades
from tutorial_recorder.compare.causes import Causes
from tutorial_recorder.matrix.recording import target
from tutorial_recorder.matrix.results import FAILED, IDENTICAL, SetResult
from tutorial_recorder.project.paths import Project

OLD, NEW, LOWEST = "sqlalchemy-2.0", "locked", "lowest"


def versions(project: Project, result: SetResult, folder: Path) -> upgrades.Versions:
    """A set's results, recorded in ``folder``, as a comparison takes them."""
    modules = {project.step_id(module): module for module in project.modules()}
    runs = {modules[o.step]: target(project, folder, modules[o.step]) for o in result.outcomes}
    return upgrades.Versions(result.name, result.info.python, result.info.packages, runs)


def write(
    project: Project,
    causes: Causes,
    results: Sequence[SetResult],
    root: Path,
    folder: Path | None = None,
) -> str:
    """Regenerate both files in ``folder`` (the project's comparisons folder by default) from
    the run's sets, whose folders are under ``root``; what was done."""
    folder = folder or project.comparisons
    found = {result.name: result for result in results}
    main, lowest = folder / upgrades.FILE, folder / upgrades.LOWEST_FILE
    if NEW not in found:
        return f"{project.relative(main)}: left as it is (this run has no set {NEW})."
    if found[NEW].count(IDENTICAL) != len(found[NEW].outcomes):
        return (
            f"{project.relative(main)} and {project.relative(lowest)}: left as they are: the "
            f"{NEW} set does not match every record, so the records are not SQLAlchemy 2.1's "
            "output; accept or fix that first."
        )
    new = versions(project, found[NEW], root / NEW)

    def compared(result: SetResult) -> str:
        return upgrades.generate(project, causes, versions(project, result, root / OLD), new)

    def lowest_set(result: SetResult) -> str:
        older = versions(project, result, root / LOWEST)
        return upgrades.generate_lowest(project, causes, older)

    done = [
        _write_one(project, found, OLD, main, compared),
        _write_one(project, found, LOWEST, lowest, lowest_set),
    ]
    return " ".join(done)


def _write_one(
    project: Project,
    found: dict[str, SetResult],
    name: str,
    file: Path,
    text: Callable[[SetResult], str],
) -> str:
    if name not in found:
        return f"{project.relative(file)}: left as it is (this run has no set {name})."
    result = found[name]
    if result.info.error or result.count(FAILED):
        return f"{project.relative(file)}: left as it is: modules failed under {name}."
    return fragment.write(project, file, text(result))
