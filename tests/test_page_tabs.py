"""The page checks' tabs, each sent from page to page, and the order the pages are taken in:
on small hand-written sites with more pages than there are tabs, so every tab is reused.

Needs Debian's ``chromium`` and, for axe-core, npm once; without them these tests are
skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tutorial_recorder.site import browser, tabs

CHROMIUM = browser.chromium()
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="browser checks skipped: Chromium is not installed (Debian package `chromium`)",
    ),
    pytest.mark.skipif(
        browser.axe_script() is None, reason="the page checks need npm once, to fetch axe-core"
    ),
]
PAGES = 2 * browser.AT_ONCE + 1
"""Enough pages for every tab to show two at least, and one to show three."""
FAINT = '<p style="color: #d0d0d0">too faint to read</p>'
# a page that logs the width it was loaded at when that is not a desktop's
WIDTH = (
    "<script>if (innerWidth !== WIDE) console.error(`loaded at ${innerWidth} px`)</script>"
).replace("WIDE", str(tabs.WIDE["width"]))


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        '<link rel="icon" href="data:,"></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def _site(folder: Path, bodies: list[str]) -> list[str]:
    """A site of one page a body, page ``n`` at ``p<n>/``; its paths, in that order."""
    paths = []
    for number, body in enumerate(bodies):
        (folder / f"p{number}").mkdir()
        (folder / f"p{number}" / "index.html").write_text(
            _page(f"Page {number}", body), encoding="utf-8"
        )
        paths.append(f"p{number}/")
    return paths


@pytest.fixture(scope="module")
def chrome() -> Iterator[BrowserContext]:
    assert CHROMIUM is not None
    with browser.launched(CHROMIUM) as launched:
        yield launched


def test_a_console_error_is_reported_with_the_page_that_logged_it(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """Every other page logs an error at load: each is reported with its own page, and the
    pages after it, shown in the same tab, are clean."""
    bodies = [
        f'<p>text</p><script>console.error("error of page {n}")</script>' if n % 2 else "<p>t</p>"
        for n in range(PAGES)
    ]
    paths = _site(tmp_path, bodies)
    with browser.served(tmp_path) as url:
        problems = browser.check_site(chrome, url, paths)
    assert problems == [f"/p{n}/: console error: error of page {n}" for n in range(PAGES) if n % 2]


def test_a_tab_that_checked_a_phone_width_loads_its_next_page_at_a_desktops(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """The phone check leaves a tab 390 px wide; the next page must not load that way."""
    paths = _site(tmp_path, ["<p>text</p>" + WIDTH] * PAGES)
    with browser.served(tmp_path) as url:
        assert browser.check_site(chrome, url, paths) == []


def test_a_page_loaded_at_a_phones_width_is_reported(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """The failure path of the test above: the page's script does report a narrow load."""
    (tmp_path / "index.html").write_text(_page("Narrow", WIDTH), encoding="utf-8")
    tab = tabs.Tab(chrome)
    with browser.served(tmp_path) as url:
        tab.open(url + "#first").page.wait_for_load_state("load")
        tab.page.set_viewport_size({"width": browser.PHONE, "height": 800})
        tab.page.reload(wait_until="load")
        errors = tab.errors
    tab.page.close()
    assert errors == [f"loaded at {browser.PHONE} px"]


def test_a_contrast_problem_on_the_last_page_a_tab_takes_is_reported_with_it(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """The last page, the third its tab shows, is the only one with faint text."""
    paths = _site(tmp_path, ["<p>text</p>"] * (PAGES - 1) + [FAINT])
    with browser.served(tmp_path) as url:
        problems = browser.check_site(chrome, url, paths)
    assert [problem.split(":")[:3] for problem in problems] == [
        [f"/p{PAGES - 1}/", " accessibility (serious)", " color-contrast"],
        [f"/p{PAGES - 1}/", " dark scheme", " accessibility (serious)"],
    ]


def test_faint_text_on_several_pages_is_reported_on_the_first_one_that_shows_it(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """Pages 1 and the last show the same faint text: its kind is weighed once, on page 1,
    in light and in dark."""
    bodies = ["<p>text</p>"] * PAGES
    bodies[1] = bodies[-1] = FAINT
    paths = _site(tmp_path, bodies)
    with browser.served(tmp_path) as url:
        problems = browser.check_site(chrome, url, paths)
    assert [problem.split(":")[:2] for problem in problems] == [
        ["/p1/", " accessibility (serious)"],
        ["/p1/", " dark scheme"],
    ]


def test_the_pages_are_taken_smallest_first(tmp_path: Path) -> None:
    for path, size in {"": 300, "big/": 900, "small/": 100, "a/": 500, "b/": 500}.items():
        (tmp_path / path).mkdir(exist_ok=True)
        (tmp_path / path / "index.html").write_text("x" * size, encoding="utf-8")
    assert browser.pages_of(tmp_path) == ["small/", "", "a/", "b/", "big/"]
