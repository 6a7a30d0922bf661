"""The tests the plugin collects for a project, under its ``pyproject.toml``.

``pyproject.toml::records`` holds one test per step module, record kind and database: a
fresh run (``run``) against its record, on SQLite and on PostgreSQL (skipped with the reason
where no PostgreSQL server can start). inline-snapshot owns the records:
``--inline-snapshot=create`` writes missing ones and ``--inline-snapshot=fix`` rewrites
stale ones (in one step each, ``tutorial_recorder.plugin.atomic``). Without those flags a record is
only read, byte for byte, and a difference fails the test with a diff and the command that
accepts it. Three more tests there: every module has its records, every record belongs to a
module, and there is at least one module.

``pyproject.toml::real_runs`` holds one test per module: the module run with nothing
replaced, in a temporary folder with a file database (``tutorial_recorder.runner.recorder.plain``,
on the warm server, started ahead), prints what the record says and leaves the database it
shows: one SQLite file, whatever its name, whose dump is the record's (a run that leaves
none, several, or another one fails, naming them: ``tutorial_recorder.runner.leftovers``).
``pyproject.toml::cold_runs`` proves the same of a new interpreter, ``python <module>``
(``tutorial_recorder.runner.bare``), for the first module of each top folder. Both run in the
recordings' sandbox.

``pyproject.toml::pages`` holds one test per Markdown page: every include directive and
SQL block expands (``tutorial_recorder.site.includes``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from inline_snapshot import external_file

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import MAIN, of
from tutorial_recorder.plugin.state import STATE, State
from tutorial_recorder.project.paths import KINDS
from tutorial_recorder.project.paths import Project as Layout
from tutorial_recorder.records import files, messages
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner.bare import BareRun, RunError
from tutorial_recorder.runner.recorder import StepError

UPDATING = {"create", "fix", "review"}


def available_or_skip(database: Database) -> None:
    """Skip the test, with the reason, when ``database`` cannot be used here (a server that
    cannot start); fail it instead when the database is required (``TUTORIAL_RECORDER_POSTGRESQL=
    require``, as in CI)."""
    why = database.unavailable()
    if why is None:
        return
    if database.required:
        pytest.fail(f"{database.label} is required but cannot start: {why}", pytrace=False)
    pytest.skip(f"{database.label} is not available: {why}")


class ProjectFile(pytest.File):
    """The project's own tests, named after its ``pyproject.toml``."""

    def collect(self) -> Iterator[pytest.Collector]:
        yield Records.from_parent(self, name="records")
        yield RealRuns.from_parent(self, name="real_runs")
        yield ColdRuns.from_parent(self, name="cold_runs")
        yield Pages.from_parent(self, name="pages")


class _OfThePlugin:
    """A node of the plugin's tree: the plugin's state and project, from the config."""

    config: pytest.Config

    @property
    def plugin(self) -> State:
        return self.config.stash[STATE]

    @property
    def project(self) -> Layout:
        return self.plugin.project


class _Group(_OfThePlugin, pytest.Collector):
    pass


class Records(_Group):
    def collect(self) -> Iterator[pytest.Item]:
        project = self.project
        for on in of(project):
            for module in project.modules():
                for kind in KINDS:
                    record = on.record_for(project, module, kind)
                    name = record.relative_to(project.records).as_posix()
                    yield RecordTest.from_parent(
                        self, name=name, step=module, kind=kind, on=on, record=record
                    )
        for check in (every_module_has_its_records, every_record_belongs_to_a_module):
            yield Check.from_parent(self, name=check.__name__, check=check)
        yield Check.from_parent(self, name="there_are_modules", check=there_are_modules)


class RealRuns(_Group):
    def collect(self) -> Iterator[pytest.Item]:
        for module in self.project.modules():
            test = RealRunTest.from_parent(self, name=self.project.step_id(module), step=module)
            test.add_marker(pytest.mark.real_run(module))
            yield test


class ColdRuns(_Group):
    def collect(self) -> Iterator[pytest.Item]:
        project = self.project
        first = {project.step_id(m).split("/")[0]: m for m in reversed(project.modules())}
        for module in reversed(first.values()):
            test = ColdRunTest.from_parent(self, name=project.step_id(module), step=module)
            test.add_marker(pytest.mark.cold_run(module))
            yield test


class Pages(_Group):
    def collect(self) -> Iterator[pytest.Item]:
        for page in self.project.pages():
            yield PageTest.from_parent(self, name=self.project.relative(page), page=page)


class _Test(_OfThePlugin, pytest.Item):
    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.nodeid

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> str:  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))


class Recorded(_Test):
    """A test of one module's recording."""

    def __init__(self, *, step: Path, on: Database = MAIN, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.step = step
        """The step's module (not ``module``, which pytest and its plugins take for the
        Python module a test is defined in)."""
        self.on = on
        """The database the step is recorded on."""

    def recording(self) -> Transcript:
        available_or_skip(self.on)
        try:
            return self.plugin.ahead.recording(self.step, on=self.on)
        except StepError as error:
            raise AssertionError(str(error)) from None

    def compare(self, what: str, real: BareRun) -> None:
        """``real``, a run of the module, shows and leaves what its recording does."""
        problem = real_run_problem(self.project, self.step, what, real, self.recording())
        if problem is not None:
            raise AssertionError(problem)


def real_run_problem(
    project: Layout, module: Path, what: str, real: BareRun, transcript: Transcript
) -> str | None:
    """How ``real``, a real run of ``module`` (``what`` says which kind), differs from its
    recording: what it printed, or the databases it left, named; None if it does not."""
    name = project.relative(module)
    shown = normalise(real.output, transcript.field_orders, project.root)
    if shown != transcript.text:
        return f"{what} of {name} printed something else than its recording:\n" + messages.diff(
            transcript.text, shown, name
        )
    wrong = real.mismatch(transcript.state)
    if wrong is None:
        return None
    why, dump = wrong
    return f"{what} of {name} {why}:\n" + messages.diff(transcript.state, dump, name)


class RecordTest(Recorded):
    def __init__(self, *, kind: str, record: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.kind = kind
        self.record = record
        """The record file the test compares the run with, found when it was collected."""

    def runtest(self) -> None:
        transcript = self.recording()
        fresh = transcript.recorded(self.kind)
        project = self.project
        record = self.record
        if files.holds(record, fresh):  # one read, where nothing is wrong
            return
        defect = files.defect(project, record)
        if record.exists() and not record.is_file():
            raise AssertionError(defect)  # never written over: it may hold someone's files
        if _flags(self.config) & UPDATING:
            # inline-snapshot compares the new value with the file and, under create or
            # fix, writes it exactly when they differ.
            _ = fresh == external_file(record, format=".txt")
            return
        if not record.exists():
            raise AssertionError(messages.missing(project, record))
        if defect is not None:
            accept = project.accept
            raise AssertionError(f"{defect}\nRewrite it as a run writes it with `{accept}`.")
        raise AssertionError(messages.stale(project, record, fresh, transcript))


class RealRunTest(Recorded):
    def runtest(self) -> None:
        try:
            real = self.plugin.ahead.real_run(self.step)
        except StepError as error:
            raise AssertionError(str(error)) from None
        self.compare("A real run", real)


class ColdRunTest(Recorded):
    def runtest(self) -> None:
        try:
            cold = self.plugin.ahead.cold_run(self.step)
        except RunError as error:
            raise AssertionError(str(error)) from None
        self.compare("python <module>", cold)


class PageTest(_Test):
    def __init__(self, *, page: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.page = page

    def runtest(self) -> None:
        if _flags(self.config) & UPDATING:
            pytest.skip("this run writes records, when it ends; the next run checks the pages")
        from tutorial_recorder.site import includes  # only where pages are checked

        name = self.project.relative(self.page)
        try:
            expanded = includes.expand(self.project, self.page.read_text(encoding="utf-8"), name)
        except includes.IncludeError as error:
            raise AssertionError(str(error)) from None
        if "{*" in expanded:
            raise AssertionError(f"{name}: a directive that did not expand")


class Check(_Test):
    """A test of the project as a whole: ``check`` returns the problems, one message each."""

    def __init__(self, *, check: Callable[[Layout], list[str]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.check = check

    def runtest(self) -> None:
        if self.check is every_module_has_its_records and "create" in _flags(self.config):
            pytest.skip("this run creates the missing records, when it ends")
        problems = self.check(self.project)
        if problems:
            raise AssertionError("\n\n".join(problems))


def every_module_has_its_records(project: Layout) -> list[str]:
    wanted = [record for module in project.modules() for record in project.every_record_of(module)]
    return [messages.missing(project, record) for record in wanted if not record.exists()]


def every_record_belongs_to_a_module(project: Layout) -> list[str]:
    expected = {r for module in project.modules() for r in project.every_record_of(module)}
    found = project.record_files()
    return [messages.orphan(project, record) for record in found if record not in expected]


def there_are_modules(project: Layout) -> list[str]:
    if project.modules():
        return []
    folders = ", ".join(project.relative(folder) for folder in project.modules_folders)
    return [f"no step modules matching {project.pattern!r} in {folders}"]


def _flags(config: pytest.Config) -> set[str]:
    """The ``--inline-snapshot`` flags of this run; none under xdist, where inline-snapshot
    turns itself off and would write nothing."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return set()
    return set((config.option.inline_snapshot or "").split(","))
