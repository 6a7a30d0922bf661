"""The "Run it yourself" block of a step: ``{* run docs_src/<...>.py *}``.

It names one module, a step of the project, and becomes the block ``running.run_block``
makes of it: the commands that run it, its whole text, and what a terminal shows
differently from a record. A module that does not compile is refused.
"""

from __future__ import annotations

from tutorial_recorder.site import in_browser, running
from tutorial_recorder.site.directives import code
from tutorial_recorder.site.directives.base import Context, IncludeError, Keyword
from tutorial_recorder.site.directives.blocks import Markdown, Rendered

WORD = "run"


def render(words: list[str], context: Context) -> Rendered:
    if len(words) != 1:
        raise IncludeError("name one module: {* run docs_src/<...>.py *}")
    path = context.inside(words[0])
    text = context.read(words[0], path)
    if path.suffix == ".py":
        code.parse(words[0], text)
    step = context.step_of(path)
    if step is None:
        raise IncludeError(f"{words[0]}: {context.no_step(words[0])}")
    block = Markdown(running.run_block(context.project, context.databases(), step, path, text))
    return in_browser.under(block, step, context.project.relative(path), text)


DIRECTIVE = Keyword(WORD, render)
