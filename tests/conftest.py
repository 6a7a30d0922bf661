"""This project's own fixtures and checks; the record tests, the real-run proof, the include
checks and the ``tutorial_run`` and ``tutorial_ahead`` fixtures come from the harness's pytest
plugin (``tutorial_recorder.plugin``), as in any project that uses it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import ROOT
from tutorial_recorder.testing import Ahead, Run

__all__ = ["Run"]


def build_site(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def build(builder: str, folder: Path) -> Path:
    """The project's site as ``builder`` (``zensical`` or ``mkdocs``) makes it, in
    ``folder/site``, from a copy of its pages in ``folder`` with the fetched files, and
    checked as ``mkdocs build --strict`` would check it (``tutorial_recorder.site.build``)."""
    built = subprocess.run(
        [sys.executable, "-m", "tutorial_recorder.site.build", builder, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return folder / "site"


ZENSICAL = importlib.util.find_spec("zensical") is not None


def zensical_site() -> Path:
    """The project's site as Zensical builds it (theme variant classic), in a new temporary
    folder, removed if the build fails: started ahead (``tutorial_recorder.plugin.ahead``)
    for every test that uses the ``site`` fixture, so its half a minute runs beside the
    tests that come first instead of holding up the first test that needs it."""
    folder = Path(tempfile.mkdtemp(prefix="companion-site-"))
    try:
        return build("zensical", folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@pytest.fixture(scope="session")
def site(tutorial_ahead: Ahead) -> Iterator[Path]:
    """The site the browser checks run on, built once per test process; its folder is
    removed at the end of the session."""
    if not ZENSICAL:
        pytest.skip("Zensical, which builds the site, needs Python 3.11 or newer")
    built = tutorial_ahead.result(zensical_site)
    yield built
    shutil.rmtree(built.parent, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{SITE}: {SITE_MARKER}")


SITE = "site"
SITE_MARKER = (
    "the test needs the site built (by Zensical) or a browser; given to every test "
    "that uses the site fixture or is in test_browser.py. `-m 'not site'` leaves them out."
)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses_site = SITE in getattr(item, "fixturenames", ())
        if uses_site or item.path.name == "test_browser.py":
            item.add_marker(SITE)
        if uses_site and ZENSICAL:
            item.add_marker(pytest.mark.ahead.with_args(zensical_site))


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


collect_ignore = ["outside"]  # a project of its own, tested from outside by test_outside.py
