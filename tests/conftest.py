from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def run(ahead: Ahead) -> Run:
    """Record each module once per test process; the record test and the claims share it.
    The steps' recordings start right after collection (``tests/ahead.py``)."""
    return ahead.recording


def pytest_configure(config: pytest.Config) -> None:
    for marker in (*MARKERS, f"{SITE}: {SITE_MARKER}"):
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
    if any("run" in getattr(item, "fixturenames", ()) for item in session.items):
        for module in paths.modules():
            ahead.start_recording(module)
    for item in session.items:
        for mark in item.iter_markers("real_run"):
            ahead.start_real_run(*mark.args)
        for mark in item.iter_markers("cold_run"):
            ahead.start_cold_run(*mark.args)
        for mark in item.iter_markers("ahead"):
            ahead.start(*mark.args)


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
