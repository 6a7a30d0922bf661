"""Press "Run in your browser" buttons in headless Chromium, offline, and read what they show.

The browser reaches nothing but 127.0.0.1: its host resolver knows no other name, so every
request to another host fails, and each is kept, so a test can say which one was tried. The
pages are opened side by side, a batch at a time; on each page every chosen button is
pressed at once, and the page's one Web Worker runs those steps one after the other, so
Pyodide starts once per page. A run ends when its output element has ``data-status``
``done`` or ``failed``; what it showed is the record lines of its entries (the block's
``data-copy``, as a recorded run's).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

from playwright.sync_api import BrowserContext, Page, Request, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tutorial_recorder.site.browser import CHROMIUM_FLAGS
from tutorial_recorder.site.tabs import WIDE

POLL_MS = 50
"""How often a page is asked whether a run has ended (animation frames, Playwright's other
way, do not come to a page in the background)."""
ONLY_HERE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
ENDED = """(step) => {
  const output = document.querySelector(`[data-output-of="${CSS.escape(step)}"]`);
  return ["done", "failed"].includes(output?.dataset.status);
}"""
SHOWN = """(step) => {
  const output = document.querySelector(`[data-output-of="${CSS.escape(step)}"]`);
  const run = output.querySelector(".transcript");
  return {
    status: output.dataset.status,
    copied: run?.dataset.copy ?? "",
    text: output.innerText,
    versions: output.querySelector(".browser-versions")?.textContent ?? "",
  };
}"""


@dataclass
class Offline:
    """A browser context that reaches 127.0.0.1 only; ``refused`` lists what else was tried."""

    context: BrowserContext
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shown:
    step: str
    status: str
    """``done`` or ``failed``; ``timeout`` if neither came in time."""
    copied: str
    """The record lines of the run's entries, one per line."""
    text: str
    versions: str
    seconds: float
    """From the click to the end of the run."""


@contextmanager
def offline(executable: str) -> Iterator[Offline]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=[*CHROMIUM_FLAGS, ONLY_HERE]
        )
        context = browser.new_context(viewport=WIDE)
        held = Offline(context)

        def seen(request: Request) -> None:
            if urlparse(request.url).hostname != "127.0.0.1":
                held.refused.append(request.url)

        # Kept, not routed: a route would turn the browser's cache off, and with it the
        # compiled WebAssembly of Pyodide the pages after the first take from it. The host
        # resolver refuses the request itself.
        context.on("request", seen)
        try:
            yield held
        finally:
            context.close()
            browser.close()


def run_pages(
    context: BrowserContext,
    base: str,
    steps: Mapping[str, Sequence[str]],
    at_once: int,
    timeout: float,
) -> list[Shown]:
    """Every step of ``steps`` (page path to its step ids), pressed on its page, pages
    ``at_once`` at a time; each run given ``timeout`` seconds from its page's first click."""
    shown: list[Shown] = []
    pages = list(steps.items())
    for start in range(0, len(pages), at_once):
        batch = pages[start : start + at_once]
        opened = [(_pressed(context, urljoin(base, path), ids), ids) for path, ids in batch]
        for (page, clicked), ids in opened:
            shown += [_wait(page, step, clicked, timeout) for step in ids]
            page.close()
    return shown


def _pressed(context: BrowserContext, url: str, steps: Sequence[str]) -> tuple[Page, float]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    clicked = time.monotonic()
    for step in steps:
        page.locator(f'button[data-step="{step}"]').click()
    return page, clicked


def _wait(page: Page, step: str, clicked: float, timeout: float) -> Shown:
    left = max(0.0, timeout - (time.monotonic() - clicked))
    try:
        page.wait_for_function(ENDED, arg=step, timeout=left * 1000, polling=POLL_MS)
    except PlaywrightTimeout:  # say so, with what was shown until then
        found = page.evaluate(SHOWN, step)
        return Shown(step, "timeout", found["copied"], found["text"], "", left)
    found = page.evaluate(SHOWN, step)
    seconds = time.monotonic() - clicked
    return Shown(step, found["status"], found["copied"], found["text"], found["versions"], seconds)


FIRST_ENTRY = """(step) => document.querySelector(
  `[data-output-of="${CSS.escape(step)}"] .entry`) !== null"""


def first_output(page: Page, step: str, timeout: float) -> float:
    """Press ``step``'s button and wait for its first entry; the seconds from the click,
    then wait for the run to end."""
    clicked = time.monotonic()
    page.locator(f'button[data-step="{step}"]').click()
    page.wait_for_function(FIRST_ENTRY, arg=step, timeout=timeout * 1000, polling=POLL_MS)
    seconds = time.monotonic() - clicked
    page.wait_for_function(ENDED, arg=step, timeout=timeout * 1000, polling=POLL_MS)
    return seconds
