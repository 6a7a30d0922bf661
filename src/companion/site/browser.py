"""Check a built site in a real browser: headless Chromium driven by Playwright.

For every page: no console error or uncaught exception, every Mermaid block drawn to an
SVG, and every internal link and image answering. Elsewhere: code tabs switch, search
finds a word, and the light/dark toggle changes the scheme. Each check returns problems
as text naming the page, so a failing test says what is wrong where.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
DRAWN = "() => document.querySelectorAll('pre.mermaid').length === 0"
MISSING_IDS = "ids => ids.filter(id => !document.getElementById(id))"
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
def served(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) for the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
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
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        context.add_init_script(OPEN_SHADOWS)
        try:
            yield context
        finally:
            context.close()
            browser.close()


def pages_of(site: Path) -> list[str]:
    """The site's pages as paths relative to its root (``""`` for the home page)."""
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if path == "." else f"{path}/" for path in found]


def check_site(context: BrowserContext, base: str, paths: list[str]) -> list[str]:
    """Every page checked with ``check_page``, then every internal link and image they use."""
    problems: list[str] = []
    used: dict[str, list[str]] = {}
    for path in paths:
        found, targets = check_page(context, base, path)
        problems += found
        for target in targets:
            used.setdefault(target, []).append(path)
    for target in sorted(used):
        status = context.request.get(target).status
        if status != 200:
            pages = ", ".join(f"/{path}" for path in used[target])
            problems.append(f"broken link or image {target} ({status}), used on {pages}")
    return problems


def check_page(context: BrowserContext, base: str, path: str) -> tuple[list[str], list[str]]:
    """One page's console errors, undrawn diagrams and missing anchors, and the internal
    addresses its links and images point at (checked once for the site by ``check_site``)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = urljoin(base, path)
    page.goto(url, wait_until="load")
    if page.locator("pre.mermaid").count():
        with suppress(PlaywrightTimeout):
            page.wait_for_function(DRAWN, timeout=5_000)
    problems = [f"console error: {text}" for text in errors]
    problems += _undrawn_diagrams(page)
    targets = page.eval_on_selector_all("a[href], img[src]", "els => els.map(e => e.href || e.src)")
    internal: set[str] = set()
    anchors: set[str] = set()
    for target in targets:
        address, fragment = urldefrag(target)
        if urlparse(address).netloc != urlparse(base).netloc:
            continue
        if address != url:
            internal.add(address)
        elif fragment:
            anchors.add(unquote(fragment))
    missing = page.evaluate(MISSING_IDS, sorted(anchors))
    problems += [f"link to a missing anchor #{fragment}" for fragment in missing]
    page.close()
    return [f"/{path}: {problem}" for problem in problems], sorted(internal)


def check_tabs(context: BrowserContext, url: str) -> list[str]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    labels = page.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    if labels.count() < 2:
        return [f"{url}: no code tabs to switch"]
    second = labels.nth(1)
    second.click()
    target = page.locator(f"#{second.get_attribute('for')}")
    panel = page.locator(".tabbed-set").first.locator(".tabbed-block").nth(1)
    problems = [] if target.is_checked() and panel.is_visible() else [f"{url}: tab did not switch"]
    page.close()
    return problems


def check_search(context: BrowserContext, url: str, word: str) -> list[str]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word)
    results = page.locator(".md-search-result__item")
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


def screenshot(context: BrowserContext, url: str, path: Path) -> None:
    page = context.new_page()
    page.goto(url, wait_until="load")
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
    def log_message(self, format: str, *args: object) -> None:
        return
