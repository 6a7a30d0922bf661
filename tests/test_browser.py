"""The built site in headless Chromium: every page, code tabs, search and the scheme toggle.

Needs Debian's ``chromium`` (``.ci/run`` installs it). Where it is missing these tests are
skipped, and pytest's summary says so with the reason. Screenshots of three pages, light
and dark, wide and phone-sized, are written to ``$TUTORIAL_RECORDER_ARTIFACTS`` only when it is
set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.layout import PROJECT
from tutorial_recorder.site import assets, axe, browser

from .conftest import build_site

CHROMIUM = browser.chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="browser checks skipped: Chromium is not installed (Debian package `chromium`)",
)
ARTIFACTS = "TUTORIAL_RECORDER_ARTIFACTS"
SCREENSHOTS = (
    "relationship_attributes/back_populates/",
    "connect_tables/read_connected_data/",
    "many_to_many/create_models_with_link/",
)

# a page with each thing the phone-width check finds: a diff that scrolls instead of
# wrapping, a highlighted line that stops at the block's edge (the theme's one-column grid
# undone), a diagram shrunk below 12 px, and a step id broken inside a folder's name
PHONE_PROBLEMS = (
    "```diff\n-" + "a line of a diff longer than a phone is wide " * 3 + "\n```\n\n"
    "<style>.md-typeset .md-code__content { display: block; }</style>\n\n"
    '```python hl_lines="1"\nshort = 1\nlonger = "' + "x" * 80 + '"\n```\n\n'
    "```mermaid\nflowchart LR\n"
    + "".join(f"    step{n}[a step of the diagram] --> step{n + 1}\n" for n in range(8))
    + "```\n\n"
    '<table style="table-layout: fixed; width: 7em"><tr><td><code>'
    "a_long_folder_name/\u200banother_long_one/\u200b1</code></td></tr></table>\n"
)
PHONE_FINDINGS = (
    r"/: code in #__code_\d+ scrolls sideways: \d+ px in \d+ px",
    r"/: a highlighted line of code in #__code_\d+ is cut: \d+ px of \d+ px",
    r'/: diagram 1: "a step of the diagram" is drawn at \d+\.\d px',
    r"/: the id a_long_folder_name/\u200banother_long_one/\u200b1 is broken"
    r' inside "another_long_one/"',
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


def test_every_page_is_clean_accessible_linked_and_fits_a_phone(
    site: Path, chrome: BrowserContext
) -> None:
    """Served with a search index of one page: ``test_search_finds_back_populates`` checks
    the search with the whole one."""
    if browser.axe_script() is None:
        pytest.skip("the accessibility check needs npm once, to fetch axe-core")
    pages = browser.pages_of(site)
    assert len(pages) == len(PROJECT.pages())
    with browser.served(site, one_page_index=True) as base:
        assert browser.check_site(chrome, base, pages) == []


def test_code_tabs_switch(chrome: BrowserContext, base: str) -> None:
    assert browser.check_tabs(chrome, base + "relationship_attributes/back_populates/") == []


def test_choosing_postgresql_once_switches_every_postgresql_tab_of_the_page(
    chrome: BrowserContext, base: str
) -> None:
    url = base + "relationship_attributes/cascade_delete_relationships/"
    assert browser.check_linked_tabs(chrome, url, "PostgreSQL") == []


def test_the_copy_button_copies_a_recorded_run_as_a_terminal_shows_it(
    chrome: BrowserContext, base: str
) -> None:
    """The page's first recorded run is lines 68 to 82 of the record, logger prefixes
    included, although the page shows them once."""
    record = (
        PROJECT.records
        / "sqlite"
        / "relationship_attributes"
        / "back_populates"
        / "tutorial001.txt"
    )
    expected = "\n".join(record.read_text(encoding="utf-8").splitlines()[67:82])
    url = base + "relationship_attributes/back_populates/"
    assert browser.check_copy(chrome, url, expected) == []


def test_the_copy_button_of_run_it_yourself_copies_the_commands_without_prompts(
    chrome: BrowserContext, base: str
) -> None:
    module = PROJECT.root / "docs_src/relationship_attributes/back_populates/tutorial001.py"
    expected = [
        PROJECT.command("companion run relationship_attributes/back_populates/1"),
        PROJECT.command("companion run relationship_attributes/back_populates/1 --on postgresql"),
        PROJECT.command("companion run relationship_attributes/back_populates/1 --on mariadb"),
        "rm -f database.db",
        PROJECT.python_command(module, PROJECT.run_with),
        PROJECT.command("companion diff relationship_attributes/back_populates/1"),
    ]
    url = base + "relationship_attributes/back_populates/"
    assert browser.check_copy(chrome, url, "\n".join(expected), ".language-console") == []


def test_search_finds_back_populates(chrome: BrowserContext, base: str) -> None:
    assert browser.check_search(chrome, base, "back_populates") == []


def test_the_light_dark_toggle_changes_the_scheme(chrome: BrowserContext, base: str) -> None:
    assert browser.check_scheme_toggle(chrome, base) == []


@pytest.mark.skipif(
    not os.environ.get(ARTIFACTS), reason=f"screenshots are written only when ${ARTIFACTS} is set"
)
def test_screenshots_of_three_pages_light_and_dark(chrome: BrowserContext, base: str) -> None:
    folder = Path(os.environ[ARTIFACTS])
    folder.mkdir(parents=True, exist_ok=True)
    for path in SCREENSHOTS:
        for width in (1280, browser.PHONE):
            for scheme in ("light", "dark"):
                name = f"{path.strip('/').replace('/', '__')}-{width}-{scheme}.png"
                browser.screenshot(chrome, base + path, folder / name, width, scheme)
                assert (folder / name).stat().st_size > 10_000, f"{name} looks empty"


def test_every_kind_of_problem_is_reported_with_its_page(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    project = tmp_path / "fixture"
    (project / "docs").mkdir(parents=True)
    assets.write_mermaid(project / "docs")
    (project / "mkdocs.yml").write_text(
        "site_name: fixture\n"
        "theme:\n  name: material\n  font: false\n"
        "extra_javascript:\n  - mermaid/mermaid.min.js\n"
        "markdown_extensions:\n"
        "  - attr_list\n"
        "  - md_in_html\n"
        "  - tables\n"
        "  - pymdownx.highlight\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )
    (project / "docs" / "index.md").write_text(
        "# Fixture\n\n"
        "```mermaid\nerDiagram\n    hero ||--o{{ team : oops\n```\n\n"
        '<a href="nowhere/">a page that does not exist</a>\n\n'
        '<a href="other/#no-such-heading">an anchor that does not exist</a>\n\n'
        '<a href="other/#a-heading">an anchor that exists</a>\n\n'
        '<input type="text">\n\n'
        '<p style="color: #d0d0d0">too faint to read</p>\n\n'
        '<div style="width: 900px">too wide for a phone</div>\n\n' + PHONE_PROBLEMS
    )
    (project / "docs" / "other.md").write_text("# Other\n\n## A heading\n\nText.\n")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    with browser.served(tmp_path / "site") as url:
        problems = browser.check_site(chrome, url, ["", "other/"])
    assert "/: 1 Mermaid block(s) not drawn (1 drawn)" in problems
    assert any(p.startswith("/: console error: Parse error on line 2") for p in problems)
    assert f"broken link or image {url}nowhere/ (404), used on /" in problems
    assert f"link to a missing anchor {url}other/#no-such-heading, used on /" in problems
    assert any(
        re.fullmatch(r"/: the page scrolls sideways at 390 px: 9\d\d px", p) for p in problems
    )
    for pattern in PHONE_FINDINGS:
        assert any(re.fullmatch(pattern, p) for p in problems), pattern
    assert any(p.startswith("/: accessibility (critical): label:") for p in problems)
    # contrast is checked on one element of each kind of text: the faint line is one
    assert any(p.startswith("/: accessibility (serious): color-contrast:") for p in problems)
    # the bare theme has accessibility problems of its own (the site's CSS and script fix
    # them); nothing else is wrong with the other page, whose anchor exists
    assert [p for p in problems if p.startswith("/other/") and "accessibility" not in p] == []
    assert [p for p in problems if "a-heading" in p] == []


def test_every_record_table_is_captioned_with_its_table_name(
    chrome: BrowserContext, base: str
) -> None:
    page = chrome.new_page()
    page.goto(base + "loading_related_data/delete_orphan/", wait_until="load")
    captions = page.locator("article table caption").all_inner_texts()
    tables = page.locator("article table").count()
    page.close()
    assert captions == ["Table hero", "Table hero"]
    assert tables == 2


def test_the_autoflush_pages_both_runs_are_one_set_of_two_tabs(
    chrome: BrowserContext, base: str
) -> None:
    page = chrome.new_page()
    page.goto(base + "loading_related_data/autoflush/", wait_until="load")
    labels = page.evaluate(
        """() => [...document.querySelector("#both-runs").nextElementSibling
              .querySelectorAll(":scope > .tabbed-labels > label")].map((l) => l.innerText)"""
    )
    page.close()
    assert labels == ["Autoflush", "session.no_autoflush"]


def test_a_mermaid_parse_error_ends_the_wait_at_once(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """The wait for diagrams stops at the parse error, not at its time limit."""
    page = chrome.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_content(
        '<pre class="mermaid">erDiagram</pre><script>console.error("Parse error")</script>'
    )
    assert browser.wait_for_diagrams(page, errors) == "error"
    page.close()


DARK_ONLY_FAINT = (
    '<!doctype html><html lang="en"><head><title>Dark</title><style>'
    'body[data-md-color-scheme="slate"] { background: #000; color: #222; }'
    "</style></head><body><main><p>faint in the dark scheme only</p></main></body></html>"
)
COUNT_AXE_RUNS = """() => {
  window.__axeRuns = 0;
  const run = axe.run;
  axe.run = (...args) => { window.__axeRuns += 1; return run(...args); };
}"""


def test_the_dark_scheme_runs_axe_only_on_colours_not_seen_yet(
    tmp_path: Path, chrome: BrowserContext
) -> None:
    """The first page finds its faint dark text; the same page again brings no new colour,
    so axe is not run on it in the dark scheme at all."""
    (tmp_path / "index.html").write_text(DARK_ONLY_FAINT, encoding="utf-8")
    seen: set[str] = set()
    found: list[tuple[list[str], int]] = []
    with browser.served(tmp_path) as url:
        for _ in range(2):
            page = chrome.new_page()
            page.goto(url, wait_until="load")
            axe.inject(page, url + browser.AXE_PATH.lstrip("/"))
            page.evaluate(COUNT_AXE_RUNS)
            page.evaluate(browser.DARK)
            axe.start(page, seen, every=False)
            found.append((axe.finish(page), page.evaluate("() => window.__axeRuns")))
            page.close()
    [(first, runs), again] = found
    assert runs == 1
    assert [problem.split(":")[:2] for problem in first] == [
        ["accessibility (serious)", " color-contrast"]
    ]
    assert again == ([], 0)
