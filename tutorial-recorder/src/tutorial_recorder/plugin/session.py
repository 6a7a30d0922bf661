"""The plugin at work in one pytest process, for a project with ``[tool.tutorial-recorder]``.

``start`` makes inline-snapshot write records atomically (``tutorial_recorder.plugin.atomic``),
and registers ``Plugin`` and this module's fixtures. ``Plugin``:

- collects the tests of ``tutorial_recorder.plugin.collected`` under ``pyproject.toml``, when
  pytest runs its default selection (no paths given) or is given ``pyproject.toml``
  (``pytest pyproject.toml::records -k back_populates --inline-snapshot=create``);
- starts, right after collection, the work the selected tests need: every step's
  recording when any of them uses ``run`` (the record tests do), and the real runs and
  other slow work they are marked with (``tutorial_recorder.plugin.ahead``).

The fixtures, each named ``tutorial_*`` so that none collides with another plugin's:
``tutorial_run`` (each module recorded once per test process and database, shared by the
record tests and the claims; a test marked ``on_both`` runs once on each configured
database, ``tutorial_database`` naming it), ``tutorial_run_postgresql`` and
``tutorial_postgresql`` (the test session's server, or a skip with the reason),
``tutorial_ahead`` and ``tutorial_project``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.postgresql import PostgreSQL
from tutorial_recorder.databases.postgresql.server import Server
from tutorial_recorder.databases.registry import MAIN, named, of
from tutorial_recorder.plugin import atomic
from tutorial_recorder.plugin.ahead import MARKERS, Ahead
from tutorial_recorder.plugin.collected import ProjectFile, Recorded, available_or_skip
from tutorial_recorder.plugin.state import STATE, State
from tutorial_recorder.project import config as layout
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner import sandbox

Run = Callable[[Path], Transcript]


def start(config: pytest.Config, project: Project, on: list[str] | None = None) -> None:
    """Work on ``project`` in this pytest process, on the databases ``on`` names
    (``--tutorial-on``; every one of the project's if None)."""
    atomic.install()
    plugin = Plugin(project, chosen(project, on))
    config.stash[STATE] = State(project, plugin.ahead)
    for marker in (*MARKERS, ON_BOTH_MARKER):
        config.addinivalue_line("markers", marker)
    config.pluginmanager.register(plugin, "tutorial-recorder-session")
    config.pluginmanager.register(sys.modules[__name__], "tutorial-recorder-fixtures")


ON_BOTH = "on_both"
ON_BOTH_MARKER = (
    "on_both: the test's `tutorial_run` records on every database the project records on: "
    "it runs once for each (`tutorial_database` is the database); unmarked, it is SQLite's"
)
DATABASE = "tutorial_database"
"""The fixture a test marked ``on_both`` is parametrized over."""


@pytest.fixture(scope="session")
def tutorial_project(pytestconfig: pytest.Config) -> Project:
    """The project the plugin works on (its ``[tool.tutorial-recorder]`` layout)."""
    return pytestconfig.stash[STATE].project


@pytest.fixture
def tutorial_database() -> Database:
    """The database ``tutorial_run`` records on (``on_both`` runs a test on each)."""
    return MAIN


@pytest.fixture  # per test: ``tutorial_database`` is
def tutorial_run(pytestconfig: pytest.Config, tutorial_database: Database) -> Run:
    """Record each module once per test process and database; the record tests and the
    claims share it."""
    available_or_skip(tutorial_database)
    return functools.partial(pytestconfig.stash[STATE].ahead.recording, on=tutorial_database)


@pytest.fixture(scope="session")
def tutorial_run_postgresql(pytestconfig: pytest.Config, tutorial_postgresql: Server) -> Run:
    """``tutorial_run`` on PostgreSQL, for the claims that hold there only."""
    on = named(PostgreSQL.name)
    return functools.partial(pytestconfig.stash[STATE].ahead.recording, on=on)


@pytest.fixture(scope="session")
def tutorial_postgresql() -> Server:
    """The test session's PostgreSQL server (or a skip, or a failure where it is required:
    ``collected.available_or_skip``)."""
    database = named(PostgreSQL.name)
    available_or_skip(database)
    assert isinstance(database, PostgreSQL)
    host = database.host()
    assert isinstance(host, Server)
    return host


@pytest.fixture(scope="session")
def tutorial_ahead(pytestconfig: pytest.Config) -> Ahead:
    """Real runs and other slow work, started ahead: ``tutorial_ahead.real_run(module)``."""
    return pytestconfig.stash[STATE].ahead


def chosen(project: Project, names: list[str] | None) -> tuple[Database, ...]:
    """The databases ``--tutorial-on`` names (every one of the project's if none), in the
    project's order; a name the project does not record on is a usage error."""
    every = of(project)
    if not names:
        return every
    known = {database.name: database for database in every}
    wanted = {name.strip().lower() for given in names for name in given.split(",")}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise pytest.UsageError(
            f"--tutorial-on: {unknown[0]!r} is not a database this project records on "
            f"(its databases: {', '.join(known)})"
        )
    return tuple(database for database in every if database.name in wanted)


class Plugin:
    def __init__(self, project: Project, databases: tuple[Database, ...] | None = None) -> None:
        self.project = project
        self.ahead = Ahead(project)
        self.databases = of(project) if databases is None else databases
        """The databases this run records and checks on (``--tutorial-on``)."""

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> ProjectFile | None:
        if file_path != self.project.root / layout.FILE:
            return None
        return ProjectFile.from_parent(parent, path=file_path)

    @pytest.hookimpl(tryfirst=True)  # before `-k` and `-m` select
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        pyproject = self.project.root / layout.FILE
        given = config.args_source == pytest.Config.ArgsSource.ARGS
        if not given and not any(item.path == pyproject for item in items):
            node = ProjectFile.from_parent(session, path=pyproject)
            items[:0] = list(session.genitems(node))
        left_out = [item for item in items if not self._on_chosen(item)]
        if left_out:
            items[:] = [item for item in items if self._on_chosen(item)]
            config.hook.pytest_deselected(items=left_out)

    def _on_chosen(self, item: pytest.Item) -> bool:
        """Whether ``item`` records on the databases ``--tutorial-on`` chose only."""
        return all(on in self.databases for on in _databases_of(item))

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """A test marked ``on_both`` runs once on each database."""
        if metafunc.definition.get_closest_marker(ON_BOTH) is not None:
            databases = of(self.project)
            metafunc.parametrize(DATABASE, databases, ids=[d.name for d in databases])

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Start the slow work the selected tests need now, on every core."""
        if session.config.option.collectonly or "PYTEST_XDIST_WORKER" in os.environ:
            return
        for module, on in self._recordings(session.items):
            self.ahead.start_recording(module, on)
        for item in session.items:
            for mark in item.iter_markers("real_run"):
                self.ahead.start_real_run(*mark.args)
            for mark in item.iter_markers("cold_run"):
                self.ahead.start_cold_run(*mark.args)
            for mark in item.iter_markers("ahead"):
                self.ahead.start(*mark.args)

    def _recordings(self, items: list[pytest.Item]) -> list[tuple[Path, Database]]:
        """The recordings the selected tests use, each once: those a record or real-run test
        asks for in the order the tests run (pytest-randomly shuffles them), so that each
        test finds its recording done or next, then the others, database by database."""
        wanted: list[tuple[Path, Database]] = []
        for on in self.databases:
            recorded = {item.step for item in items if isinstance(item, Recorded) and item.on == on}
            if any(_records_on(item, on) for item in items):
                recorded = set(self.project.modules())
            wanted += [(module, on) for module in sorted(recorded)]
        chosen = set(wanted)
        asked = [(item.step, item.on) for item in items if isinstance(item, Recorded)]
        return list(dict.fromkeys([key for key in asked if key in chosen] + wanted))

    def pytest_report_header(self) -> str:
        """Which guarantee holds for the steps: the kernel's sandbox, or the audit hook."""
        return f"companion: {sandbox.guarantee()}"

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.ahead.close()


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The project the plugin works on and the databases it records on (the sandbox's line
    is ``Plugin``'s)."""
    state = config.stash[STATE]
    project = state.project
    plugin = config.pluginmanager.get_plugin("tutorial-recorder-session")
    databases = plugin.databases if isinstance(plugin, Plugin) else of(project)
    every = of(project)
    left_out = [database.label for database in every if database not in databases]
    steps = len(project.modules())
    folders = ", ".join(project.relative(folder) for folder in project.modules_folders)
    return [
        f"companion: project {project.root} ({steps} steps in {folders}, records in "
        f"{project.relative(project.records)})",
        "companion: databases "
        + ", ".join(database.label for database in databases)
        + (f" (left out by --tutorial-on: {', '.join(left_out)})" if left_out else ""),
    ]


def _databases_of(item: pytest.Item) -> list[Database]:
    """The databases ``item`` records on: a record or real-run test's, an ``on_both`` test's
    parameter, SQLite for another test of ``tutorial_run``, PostgreSQL for a test of its
    fixtures."""
    if isinstance(item, Recorded):
        return [item.on]
    callspec = getattr(item, "callspec", None)
    found = (
        [callspec.params[DATABASE]] if callspec is not None and DATABASE in callspec.params else []
    )
    names = getattr(item, "fixturenames", ())
    if not found and tutorial_run.__name__ in names:
        found.append(MAIN)
    if tutorial_run_postgresql.__name__ in names or tutorial_postgresql.__name__ in names:
        found.append(named(PostgreSQL.name))
    return [database for database in found if isinstance(database, Database)]


def _records_on(item: pytest.Item, on: Database) -> bool:
    """Whether the test uses the recordings on database ``on``."""
    names = getattr(item, "fixturenames", ())
    callspec = getattr(item, "callspec", None)
    database = callspec.params.get(DATABASE, MAIN) if callspec is not None else MAIN
    if tutorial_run_postgresql.__name__ in names and on == named(PostgreSQL.name):
        return True
    return tutorial_run.__name__ in names and database == on
