"""What a terminal shows differently from a record: ``{* differences *}``.

The directive is the word alone; it becomes the list ``running.differences`` makes, one
item per normalisation rule. (With more words, it is read as a file name.)
"""

from __future__ import annotations

from tutorial_recorder.site import running
from tutorial_recorder.site.directives.base import Context, Keyword
from tutorial_recorder.site.directives.blocks import Markdown

WORD = "differences"


def render(words: list[str], context: Context) -> Markdown:
    return Markdown(running.differences())


DIRECTIVE = Keyword(WORD, render, alone=True)
