"""The built site in headless Chromium: every page, code tabs, search and the scheme toggle.

Needs Debian's ``chromium`` (``.ci/run`` installs it). Where it is missing these tests are
skipped, and pytest's summary says so with the reason. Screenshots of three pages go to
``$COMPANION_ARTIFACTS`` when it is set, else to pytest's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from companion.project import paths
from companion.site import browser

from .conftest import build_site

CHROMIUM = browser.chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="browser checks skipped: Chromium is not installed (Debian package `chromium`)",
)
SCREENSHOTS = (
    "relationship_attributes/back_populates/",
    "connect_tables/read_connected_data/",
    "many_to_many/create_models_with_link/",
)


@pytest.fixture(scope="module")
def chrome() -> Iterator[BrowserContext]:
    assert CHROMIUM is not None
    with browser.launched(CHROMIUM) as launched:
        yield launched


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with browser.served(site) as url:
        yield url


def test_every_page_is_clean_draws_its_diagrams_and_has_no_broken_link(
    site: Path, chrome: BrowserContext, base: str
) -> None:
    pages = browser.pages_of(site)
    assert len(pages) == len(paths.pages())
    assert browser.check_site(chrome, base, pages) == []


def test_code_tabs_switch(chrome: BrowserContext, base: str) -> None:
    assert browser.check_tabs(chrome, base + "relationship_attributes/back_populates/") == []


def test_search_finds_back_populates(chrome: BrowserContext, base: str) -> None:
    assert browser.check_search(chrome, base, "back_populates") == []


def test_the_light_dark_toggle_changes_the_scheme(chrome: BrowserContext, base: str) -> None:
    assert browser.check_scheme_toggle(chrome, base) == []


def test_screenshots_of_three_pages(
    chrome: BrowserContext, base: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    given = os.environ.get("COMPANION_ARTIFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    for path in SCREENSHOTS:
        target = folder / (path.strip("/").replace("/", "__") + ".png")
        browser.screenshot(chrome, base + path, target)
        assert target.stat().st_size > 10_000, f"{target} looks empty"


def test_a_broken_diagram_and_a_broken_link_are_reported(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    project = tmp_path / "fixture"
    (project / "docs").mkdir(parents=True)
    hook = Path(__file__).parents[1] / "src" / "companion" / "site" / "docs_hook.py"
    (project / "mkdocs.yml").write_text(
        "site_name: fixture\n"
        "theme:\n  name: material\n  font: false\n"
        f"hooks:\n  - {hook}\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )
    (project / "docs" / "index.md").write_text(
        "# Fixture\n\n"
        "```mermaid\nerDiagram\n    hero ||--o{{ team : oops\n```\n\n"
        '<a href="nowhere/">a page that does not exist</a>\n'
    )
    built = build_site(project, tmp_path / "site").returncode
    assert built == 0
    with browser.served(tmp_path / "site") as url:
        problems = browser.check_site(chrome, url, [""])
    assert "/: 1 Mermaid block(s) not drawn (0 drawn)" in problems
    assert f"broken link or image {url}nowhere/ (404), used on /" in problems
    assert any(p.startswith("/: console error: Parse error on line 2") for p in problems)
