"""Check a built site in a real browser: headless Chromium driven by Playwright.

For every page, three at a time: no console error or uncaught exception, every Mermaid
block drawn to an SVG (a parse error ends the wait at once), no serious or critical
violation found by axe-core (pinned, from npm, injected from the cache; the colour rules
again in the dark scheme), every internal
link and image answering and every anchor they name existing, and no sideways scrolling
of the page at 390 px. Elsewhere: code tabs switch, search finds a word, and the
light/dark toggle changes the scheme. Each check returns problems as text naming the
page, so a failing test says what is wrong where.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tutorial_recorder.site import npm

AXE_VERSION = "4.14.1"
SERIOUS = ("serious", "critical")
AT_ONCE = 3
PHONE = 390
SOURCES = "a[href], img[src]"
# what the theme's light/dark toggle does to the page, with no colour transition to wait for
DARK = """() => {
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; }";
  document.head.append(still);
  document.body.dataset.mdColorScheme = "slate";
}"""
AXE = """
async () => (await axe.run(document, OPTIONS)).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  targets: v.nodes.map(n => n.target.join(" ")),
}))
"""
AXE_RUN = AXE.replace("OPTIONS", '{resultTypes: ["violations"]}')
# the rules that depend on colours, run again in the dark scheme
AXE_COLOURS = AXE.replace(
    "OPTIONS", '{resultTypes: ["violations"], runOnly: ["color-contrast", "link-in-text-block"]}'
)

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
    """Every page checked with ``check_page``, ``AT_ONCE`` at a time, then every internal
    link and image they use, and every anchor they point at on another page."""
    problems: list[str] = []
    checked: dict[str, Checked] = {}
    for start in range(0, len(paths), AT_ONCE):
        batch = paths[start : start + AT_ONCE]
        opened = [_open(context, urljoin(base, path)) for path in batch]
        for path, (page, errors) in zip(batch, opened, strict=True):
            checked[urljoin(base, path)] = check_page(page, errors)
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


def check_page(page: Page, errors: list[str]) -> Checked:
    """One loaded page: console errors, undrawn diagrams, serious or critical axe-core
    violations, links to missing anchors on it, and a page body wider than a phone. Closes
    the page."""
    page.wait_for_load_state("load")
    wait_for_diagrams(page, errors)
    problems = [f"console error: {text}" for text in errors]
    problems += _undrawn_diagrams(page)
    problems += _accessibility(page, AXE_RUN)
    page.evaluate(DARK)
    problems += [f"dark scheme: {problem}" for problem in _accessibility(page, AXE_COLOURS)]
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
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE:
        problems.append(f"the page scrolls sideways at {PHONE} px: {width} px")
    page.close()
    return Checked(problems, sorted(set(targets)), ids)


def wait_for_diagrams(page: Page, errors: list[str]) -> str:
    """Wait until every Mermaid block is drawn ("drawn"), or stop at the first console
    error, such as Mermaid's parse error ("error"), or after 5 s ("timeout")."""
    deadline = time.monotonic() + 5
    while not page.evaluate(DRAWN):
        if errors:
            return "error"
        if time.monotonic() > deadline:
            return "timeout"
        page.wait_for_timeout(50)
    return "drawn"


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


def check_copy(context: BrowserContext, url: str, expected: str) -> list[str]:
    """The copy button of the page's first recorded run puts ``expected`` on the clipboard.
    In a context of its own: another check's choice of code tab, which the theme keeps,
    would hide that run."""
    assert context.browser is not None
    origin = urlparse(url)
    fresh = context.browser.new_context()
    fresh.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=f"{origin.scheme}://{origin.netloc}"
    )
    page = fresh.new_page()
    page.goto(url, wait_until="load")
    run = page.locator(".transcript").first
    run.hover()
    run.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    fresh.close()
    return [] if copied == expected else [f"{url}: the copy button copied {copied!r}"]


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


def screenshot(context: BrowserContext, url: str, path: Path, width: int, scheme: str) -> None:
    """``url`` at ``width`` px in the ``light`` or ``dark`` scheme, the whole page."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(url, wait_until="load")
    wait_for_diagrams(page, [])
    page.screenshot(path=str(path), full_page=True)
    page.close()


def _open(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    """A page that starts loading ``url``, and the list its console errors go to."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="commit")
    return page, errors


def _accessibility(page: Page, run: str) -> list[str]:
    script = axe_script()
    if script is None:
        return ["axe-core is not available: npm is needed to fetch it once"]
    if not page.evaluate("() => typeof axe === 'object'"):
        page.add_script_tag(path=str(script))
    violations = page.evaluate(run)
    return [
        f"accessibility ({v['impact']}): {v['id']}: {v['help']} ({', '.join(v['targets'][:3])})"
        for v in violations
        if v["impact"] in SERIOUS
    ]


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
