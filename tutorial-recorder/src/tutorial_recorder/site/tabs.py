"""A browser tab that the page checks send from one page to the next."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Frame, ViewportSize

WIDE: ViewportSize = {"width": 1300, "height": 1000}
"""A desktop's window: the width every page is loaded at."""


class Tab:
    """A tab that shows one page after another, keeping its renderer process and the
    scripts it compiled, and the console errors of the page it shows (``errors``, a new
    list from the moment the next page it is sent to replaces the last). Nothing is routed:
    Playwright turns the browser's cache off for a page with a route."""

    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.leaving = False
        self.page.on("framenavigated", self._navigated)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, url: str) -> Tab:
        """Start loading ``url`` at the width of a desktop's page."""
        self.page.set_viewport_size(WIDE)
        self.leaving = True
        self.page.goto(url, wait_until="commit")
        return self

    def _navigated(self, frame: Frame) -> None:
        if self.leaving and frame.parent_frame is None:
            self.leaving = False
            self.errors = []
