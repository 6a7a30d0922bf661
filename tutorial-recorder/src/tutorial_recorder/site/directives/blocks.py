"""What a directive becomes: a rendered block, and the four kinds of them.

Every directive's handler returns a ``Rendered``; ``includes.expand`` asks it for its lines
with ``fenced``, indented as the directive was. HTML goes through ``stash``
(Python-Markdown's raw HTML store), so that Markdown leaves it as it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from tutorial_recorder.site import running

Stash = Callable[[str], str]
"""Keeps a piece of HTML out of Markdown's way; returns what stands for it in the page."""


class Rendered(ABC):
    """A block that a directive stands for."""

    @abstractmethod
    def fenced(self, indent: str, stash: Stash) -> list[str]:
        """The block's Markdown lines, each indented by ``indent`` (a blank line stays blank)."""


@dataclass(frozen=True)
class Markdown(Rendered):
    """Markdown (a table, a generated section), indented like the directive it replaces."""

    rows: list[str]

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        return [f"{indent}{row}" if row else "" for row in self.rows]


@dataclass(frozen=True)
class Html(Rendered):
    """Raw HTML, kept out of Markdown's way by ``stash``."""

    html: str
    shown: tuple[str, ...] = ()
    """For a recorded run, the record's lines it shows."""

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        return [f"{indent}{stash(self.html)}"]


@dataclass(frozen=True)
class Tabs(Rendered):
    """Content tabs (pymdownx.tabbed): a label and its HTML each. They are a set of their
    own (``===!``), and an empty block after them keeps a set of tabs that follows on the
    page from joining them."""

    tabs: list[tuple[str, Html]]

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        lines: list[str] = []
        for number, (label, html) in enumerate(self.tabs):
            start = "===!" if number == 0 else "==="
            lines += [f'{indent}{start} "{label}"', "", *html.fenced(indent + "    ", stash), ""]
        return [*lines, f"{indent}{stash('')}"]


@dataclass(frozen=True)
class Block(Rendered):
    """A fenced code block: its language, its title (none if empty), its lines and the
    numbers (from 1) of the lines it highlights."""

    language: str
    title: str
    lines: list[str]
    highlighted: list[int]

    def fenced(self, indent: str, stash: Stash) -> list[str]:
        attributes = f'title="{running.breakable(self.title)}"' if self.title else ""
        if self.highlighted:
            attributes += f' hl_lines="{" ".join(map(str, self.highlighted))}"'
        body = [f"{indent}{line}" if line else "" for line in self.lines]
        return [f"{indent}``` {self.language} {attributes}".rstrip(), *body, f"{indent}```"]
