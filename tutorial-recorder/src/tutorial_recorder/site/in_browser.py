"""The "Run in your browser" button under a step's "Run it yourself" block.

The button carries ``data-step="<step id>"`` and its output goes into the element with
``data-output-of="<step id>"`` (the contract the browser test drives); the module's text
and its path from the project's root are on the block that holds both, for the site's
script (``docs/js/run-in-browser.js``), which runs it in a Web Worker with Pyodide
(``tutorial_recorder.site.runtime``). A step that uses asyncio gets one sentence instead:
SQLAlchemy's asyncio needs greenlet, which the browser's Python does not have.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from html import escape

from tutorial_recorder.site.directives.blocks import Html, Markdown, Rendered, Stash

LABEL = "Run in your browser"
NO_ASYNC = (
    "This step uses asyncio, which SQLAlchemy runs on greenlet, and the Python of a browser "
    "has no greenlet, so it has no button to run it here: run it from a terminal."
)


@dataclass(frozen=True)
class Followed(Rendered):
    """One block, then another under it."""

    first: Rendered
    then: Rendered

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        return [*self.first.fenced(indent, stash), "", *self.then.fenced(indent, stash)]


def uses_asyncio(source: str) -> bool:
    """Whether the module imports asyncio, or a package's asyncio module."""
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        if any("asyncio" in name.split(".") for name in names):
            return True
    return False


def under(block: Rendered, step: str, path: str, source: str) -> Rendered:
    """``block`` (the step's "Run it yourself") with the button, or the sentence, under it."""
    if uses_asyncio(source):
        return Followed(block, Markdown([NO_ASYNC]))
    quoted = escape(step)
    html = (
        f'<div class="run-in-browser" data-path="{escape(path)}" '
        f'data-source="{escape(source).replace(chr(10), "&#10;")}">'
        f'<button type="button" class="md-button" data-step="{quoted}">{LABEL}</button>'
        f'<div class="browser-run" data-output-of="{quoted}" aria-live="polite"></div>'
        "</div>"
    )
    return Followed(block, Html(html))
