"""Check a built site in a real browser: headless Chromium driven by Playwright.

For every page, in ``AT_ONCE`` tabs that go from page to page (``tutorial_recorder.site.tabs``),
axe running in one while another loads: no console error or uncaught exception, every
Mermaid block drawn to an SVG (a parse error ends the wait at once), no serious or critical
violation found by axe-core (pinned, from npm, served beside the site so the browser
compiles it once; the colour rules on one element of each kind of text,
``tutorial_recorder.site.axe``, and again in the dark scheme), every internal link and image
answering and every anchor they name existing, and at
390 px what ``tutorial_recorder.site.phone`` checks. Elsewhere: code tabs switch, copy buttons
copy, search finds a word, and the light/dark toggle changes the scheme. Each check
returns problems as text naming the page, so a failing test says what is wrong where.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tutorial_recorder.site import axe, npm, phone
from tutorial_recorder.site.tabs import WIDE, Tab

AXE_VERSION = "4.14.1"
AT_ONCE = 3
AXE_PATH = "/__companion__/axe.min.js"
SEARCH_INDEX = re.compile(r"/search(/search_index)?\.json$")  # MkDocs' theme, Zensical's
CACHED_FOR = 3600
PHONE = 390
SOURCES = "a[href], img[src]"
# what the theme's light/dark toggle does to the page, with no colour transition to wait for
DARK = """() => {
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; }";
  document.head.append(still);
  document.body.dataset.mdColorScheme = "slate";
}"""
# opens every collapsed block (<details>) around an element
OPEN_AROUND = """(element) => {
  for (let at = element.closest("details"); at; at = at.parentElement.closest("details")) {
    at.open = true;
  }
}"""
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# mkdocs-material draws each diagram into a closed shadow root; open it so the SVG is seen.
DRAWN = """() => document.querySelectorAll('pre.mermaid').length === 0
  || (window.__companionErrors || 0) > 0"""
# counts the page's console errors and uncaught errors, so a wait can end at the first one
COUNT_ERRORS = """
window.__companionErrors = 0;
const error = console.error;
console.error = function (...args) {
  window.__companionErrors += 1;
  return error.apply(this, args);
};
addEventListener("error", () => { window.__companionErrors += 1; });
addEventListener("unhandledrejection", () => { window.__companionErrors += 1; });
"""
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""


def chromium() -> str | None:
    """The Chromium executable of this machine, if there is one."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def served(site: Path, *, one_page_index: bool = False) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) for the block; yields the base URL. Every
    answer may be kept by the browser's cache for an hour, so the pages loaded after the
    first take their scripts and Pyodide's WebAssembly, compiled, from it. With
    ``one_page_index`` the search index holds the first page only: the theme indexes the
    whole site in every page it opens, which is most of a page's cost where the search is not
    what is checked (``check_search`` checks it with the whole index)."""
    handler = functools.partial(_QuietHandler, directory=str(site), one_page_index=one_page_index)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def launched(executable: str) -> Iterator[BrowserContext]:
    """One browser context (one cache) for all the pages a check opens."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=WIDE)
        context.add_init_script(OPEN_SHADOWS + COUNT_ERRORS)
        try:
            yield context
        finally:
            context.close()
            browser.close()


def pages_of(site: Path) -> list[str]:
    """The site's pages as paths relative to its root (``""`` for the home page), smallest
    first, then by path. ``check_site`` weighs the colours of a kind of text on the first
    page that shows it, and axe's colour rules cost most on a large page (every element of
    it is placed before the first colour is weighed): in this order most kinds are weighed
    on a small page, and a large one rarely has a kind left to weigh in the dark scheme."""
    found = sorted(
        (p.stat().st_size, p.parent.relative_to(site).as_posix()) for p in site.rglob("index.html")
    )
    return ["" if path == "." else f"{path}/" for _, path in found]


def check_site(context: BrowserContext, base: str, paths: list[str]) -> list[str]:
    """Every page checked in ``AT_ONCE`` tabs side by side, each taking the next page of
    ``paths`` when it is done with one, then every internal link and image they use, and
    every anchor they point at on another page."""
    checked: dict[str, Checked] = {}
    seen: dict[str, set[str]] = {"light": set(), "dark": set()}
    urls = iter([urljoin(base, path) for path in paths])
    tabs = [Tab(context) for _ in paths[:AT_ONCE]]
    try:
        working = [_checks(tab, urls, seen, checked) for tab in tabs]
        while working:  # one step of each tab in turn: the same order on every run
            working = [steps for steps in working if next(steps, None) is not None]
    finally:
        for tab in tabs:
            tab.page.close()
    problems: list[str] = []
    for path in paths:
        problems += [f"/{path}: {problem}" for problem in checked[urljoin(base, path)].problems]
    used: dict[str, set[str]] = {}
    for url, result in checked.items():
        for target in result.targets:
            used.setdefault(target, set()).add("/" + url.removeprefix(base))
    for target in sorted(used):
        pages = ", ".join(sorted(used[target]))
        address, fragment = urldefrag(target)
        if address in checked:
            if fragment and unquote(fragment) not in checked[address].ids:
                problems.append(f"link to a missing anchor {target}, used on {pages}")
            continue
        status = context.request.get(address).status
        if status != 200:
            problems.append(f"broken link or image {address} ({status}), used on {pages}")
    return problems


@dataclass(frozen=True)
class Checked:
    problems: list[str]
    targets: list[str]
    """The internal addresses the page's links and images point at, anchors kept."""
    ids: set[str]
    """The ids of the page's elements, which links to it may name as anchors."""


def _checks(
    tab: Tab, urls: Iterator[str], seen: dict[str, set[str]], checked: dict[str, Checked]
) -> Iterator[bool]:
    """The checks of the pages ``tab`` takes from ``urls``, in steps: each step ends where
    the browser has work of its own to do (a page to load, axe running), so the other tabs
    take their steps meanwhile. Console errors, undrawn diagrams, serious or critical
    axe-core violations (the colour rules again in the dark scheme), links to missing
    anchors, and what a phone's width shows; each page's result goes into ``checked``."""
    script = axe_script()
    for url in urls:
        page = tab.open(url).page
        yield True
        page.wait_for_load_state("load")
        wait_for_diagrams(page, tab.errors)
        problems = _undrawn_diagrams(page)
        if script is None:
            problems.append("axe-core is not available: npm is needed to fetch it once")
        else:
            axe.inject(page, urljoin(page.url, AXE_PATH))
            axe.start(page, seen["light"], every=True)
            yield True
            problems += axe.finish(page)
            page.evaluate(DARK)
            axe.start(page, seen["dark"], every=False)
            yield True
            problems += [f"dark scheme: {problem}" for problem in axe.finish(page)]
        checked[url] = _rest(page, tab.errors, problems)


def _rest(page: Page, errors: list[str], problems: list[str]) -> Checked:
    """What is left to check on a page whose diagrams and accessibility are checked: its
    console errors, its links and anchors, and its width on a phone."""
    problems = [f"console error: {text}" for text in errors] + problems
    url = urldefrag(page.url)[0]
    ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    targets: list[str] = []
    for target in page.eval_on_selector_all(SOURCES, "els => els.map(e => e.href || e.src)"):
        address, fragment = urldefrag(target)
        if urlparse(address).netloc != urlparse(url).netloc:
            continue
        if address != url:
            targets.append(target)
        elif fragment and unquote(fragment) not in ids:
            problems.append(f"link to a missing anchor #{unquote(fragment)}")
    page.set_viewport_size({"width": PHONE, "height": 800})
    problems += page.evaluate(phone.SCRIPT, [PHONE, phone.MIN_DIAGRAM_TEXT, phone.SCROLLING])
    return Checked(problems, sorted(set(targets)), ids)


def wait_for_diagrams(page: Page, errors: list[str]) -> str:
    """Wait until every Mermaid block is drawn ("drawn"), or stop at the first console
    error, such as Mermaid's parse error ("error"), or after 5 s ("timeout")."""
    try:
        page.wait_for_function(DRAWN, timeout=5_000)
    except PlaywrightTimeout:
        return "timeout"
    failed = errors or page.evaluate("() => (window.__companionErrors || 0) > 0")
    return "error" if failed else "drawn"


def axe_script() -> Path | None:
    """The pinned axe-core, fetched once with npm (``tutorial_recorder.site.npm``)."""
    return npm.cached("axe-core", AXE_VERSION, "package/axe.min.js")


def check_tabs(context: BrowserContext, url: str) -> list[str]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    first = page.locator(".tabbed-set").first  # its own tabs, not those of a set inside
    labels = first.locator(":scope > .tabbed-labels > label")
    if labels.count() < 2:
        return [f"{url}: no code tabs to switch"]
    second = labels.nth(1)
    second.click()
    target = page.locator(f"#{second.get_attribute('for')}")
    panel = first.locator(":scope > .tabbed-content > .tabbed-block").nth(1)
    problems = [] if target.is_checked() and panel.is_visible() else [f"{url}: tab did not switch"]
    page.close()
    return problems


def check_linked_tabs(context: BrowserContext, url: str, label: str) -> list[str]:
    """Choosing the tab ``label`` once shows that tab in every set of the page that has one
    (mkdocs-material's ``content.tabs.link``)."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    labels = page.locator(".tabbed-labels > label", has_text=re.compile(f"^{re.escape(label)}$"))
    count = labels.count()
    if count < 2:
        page.close()
        return [f"{url}: fewer than two {label!r} tabs to link"]
    labels.first.click()
    unchosen = [
        number
        for number in range(count)
        if not page.locator(f"#{labels.nth(number).get_attribute('for')}").is_checked()
    ]
    page.close()
    return [f"{url}: {label!r} tab {number + 1} of {count} not chosen" for number in unchosen]


def check_copy(
    context: BrowserContext, url: str, expected: str, block: str = ".transcript"
) -> list[str]:
    """The copy button of the page's first ``block`` (a recorded run unless told) puts
    ``expected`` on the clipboard; the collapsed blocks around it are opened first. In a
    context of its own: another check's choice of code tab, which the theme keeps, would
    hide that run."""
    assert context.browser is not None
    origin = urlparse(url)
    fresh = context.browser.new_context()
    fresh.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=f"{origin.scheme}://{origin.netloc}"
    )
    page = fresh.new_page()
    page.goto(url, wait_until="load")
    target = page.locator(block).first
    page.evaluate(OPEN_AROUND, target.element_handle())
    target.hover()
    target.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    fresh.close()
    return [] if copied == expected else [f"{url}: the copy button copied {copied!r}"]


def check_search(context: BrowserContext, url: str, word: str) -> list[str]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    # Zensical's theme opens its search dialog with a button: a combobox listing options
    opener = page.locator("button.md-search__button")
    if opener.count():
        opener.first.click()
    search = page.locator("input.md-search__input, dialog input[role='combobox']")
    search.first.click()
    search.first.press_sequentially(word)
    results = page.locator(".md-search-result__item, [role='listbox'] [role='option']")
    try:
        results.first.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return [f"{url}: search for {word!r} found nothing"]
    found = word in results.first.inner_text()
    page.close()
    return [] if found else [f"{url}: search for {word!r} does not show it in the first result"]


def check_scheme_toggle(context: BrowserContext, url: str) -> list[str]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    page.close()
    if before == after:
        return [f"{url}: the light/dark toggle left the scheme at {before!r}"]
    return []


def screenshot(context: BrowserContext, url: str, path: Path, width: int, scheme: str) -> None:
    """``url`` at ``width`` px in the ``light`` or ``dark`` scheme, the whole page."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(url, wait_until="load")
    wait_for_diagrams(page, [])
    page.screenshot(path=str(path), full_page=True)
    page.close()


def _undrawn_diagrams(page: Page) -> list[str]:
    blocks = page.locator("pre.mermaid").count()
    hosts = page.locator("div.mermaid")
    drawn = sum(1 for i in range(hosts.count()) if hosts.nth(i).locator("svg").count())
    if blocks:
        return [f"{blocks} Mermaid block(s) not drawn ({drawn} drawn)"]
    if drawn != hosts.count():
        return [f"{hosts.count() - drawn} Mermaid block(s) without an SVG"]
    return []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The site's files, and axe-core at ``AXE_PATH``: loaded by URL, its compiled code is
    cached by the browser for the next page."""

    def __init__(self, *args: Any, one_page_index: bool, **kwargs: Any) -> None:
        self.one_page_index = one_page_index
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        script = axe_script() if urlparse(path).path == AXE_PATH else None
        return str(script) if script is not None else super().translate_path(path)

    def do_GET(self) -> None:
        if not (self.one_page_index and SEARCH_INDEX.search(urlparse(self.path).path)):
            super().do_GET()
            return
        index = json.loads(Path(self.translate_path(self.path)).read_bytes())
        key = "docs" if "docs" in index else "items"  # MkDocs' theme, Zensical's
        body = json.dumps({**index, key: index[key][:1]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", f"max-age={CACHED_FOR}")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return
