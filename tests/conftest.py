from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion.postgres import server
from companion.postgres.server import Server
from companion.project import paths
from companion.project.paths import ROOT
from companion.records.transcript import Transcript

from .ahead import MARKERS, Ahead

Run = Callable[[Path], Transcript]
_AHEAD = pytest.StashKey[Ahead]()


def build_site(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once per test process into a temporary folder."""
    folder = tmp_path_factory.mktemp("site")
    built = build_site(ROOT, folder)
    assert built.returncode == 0, built.stderr
    return folder


ON_BOTH = "on_both"
ON_BOTH_MARKER = (
    "the test's `run` records on SQLite and on PostgreSQL: it runs once for each (`on` names "
    "the database); unmarked, `run` is SQLite's"
)
REQUIRE_POSTGRESQL = "COMPANION_POSTGRESQL"


@pytest.fixture
def on() -> str:
    """The database the ``run`` fixture records on (see ``pytest_generate_tests``)."""
    return paths.SQLITE


@pytest.fixture  # per test: a session-wide one would keep the database of the test before
def run(ahead: Ahead, on: str, request: pytest.FixtureRequest) -> Run:
    """Record each module once per test process and database; the record test and the claims
    share it. The steps' recordings start right after collection (``tests/ahead.py``)."""
    if on == paths.POSTGRESQL:
        request.getfixturevalue("postgresql")
    return functools.partial(ahead.recording, on=on)


@pytest.fixture(scope="session")
def run_postgresql(ahead: Ahead, postgresql: Server) -> Run:
    """``run`` on PostgreSQL, for the claims that hold there only."""
    return functools.partial(ahead.recording, on=paths.POSTGRESQL)


@pytest.fixture(scope="session")
def postgresql() -> Server:
    """The test session's PostgreSQL server, started on first use and stopped at exit. When it
    cannot start, the test is skipped with the reason; with ``COMPANION_POSTGRESQL=require``
    (as in CI) it fails instead."""
    try:
        return server.shared()
    except server.ServerError as error:
        if os.environ.get(REQUIRE_POSTGRESQL) == "require":
            pytest.fail(f"PostgreSQL is required but cannot start: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL is not available: {error}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``on_both`` runs once on each database."""
    if metafunc.definition.get_closest_marker(ON_BOTH) is not None:
        metafunc.parametrize("on", paths.DATABASES)


def pytest_configure(config: pytest.Config) -> None:
    for marker in (*MARKERS, f"{SITE}: {SITE_MARKER}", f"{ON_BOTH}: {ON_BOTH_MARKER}"):
        config.addinivalue_line("markers", marker)
    config.stash[_AHEAD] = Ahead()


SITE = "site"
SITE_MARKER = (
    "the test needs the site built (mkdocs build --strict) or a browser; given to every test "
    "that uses the site fixture or is in test_browser.py. `-m 'not site'` leaves them out."
)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SITE in getattr(item, "fixturenames", ()) or item.path.name == "test_browser.py":
            item.add_marker(SITE)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the slow work the selected tests need now, on every core (``tests/ahead.py``)."""
    if session.config.option.collectonly or "PYTEST_XDIST_WORKER" in os.environ:
        return
    ahead = session.config.stash[_AHEAD]
    for on in paths.DATABASES:
        if any(_records_on(item, on) for item in session.items):
            for module in paths.modules():
                ahead.start_recording(module, on)
    for item in session.items:
        for mark in item.iter_markers("real_run"):
            ahead.start_real_run(*mark.args)
        for mark in item.iter_markers("cold_run"):
            ahead.start_cold_run(*mark.args)
        for mark in item.iter_markers("ahead"):
            ahead.start(*mark.args)


def _records_on(item: pytest.Item, on: str) -> bool:
    """Whether the test uses the recordings on database ``on``."""
    names = getattr(item, "fixturenames", ())
    callspec = getattr(item, "callspec", None)
    database = callspec.params.get("on", paths.SQLITE) if callspec is not None else paths.SQLITE
    if on == paths.POSTGRESQL and "run_postgresql" in names:
        return True
    return "run" in names and database == on


def pytest_unconfigure(config: pytest.Config) -> None:
    config.stash[_AHEAD].close()


@pytest.fixture(scope="session")
def ahead(pytestconfig: pytest.Config) -> Ahead:
    """Real runs and other slow work, started ahead: ``ahead.real_run(module)``."""
    return pytestconfig.stash[_AHEAD]


def _tree() -> dict[str, tuple[int, int]]:
    """Every file git would show (tracked, or untracked and not ignored), with its size and
    modification time."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    found: dict[str, tuple[int, int]] = {}
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if path.is_file():
            stat = path.stat()
            found[name] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def working_tree_untouched() -> Iterator[None]:
    """No test may create, change or delete a file of the project."""
    before = _tree()
    yield
    after = _tree()
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert not changed, f"the test run changed files in the working tree: {changed}"
