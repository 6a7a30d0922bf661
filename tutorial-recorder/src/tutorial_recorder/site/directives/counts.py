"""The table of statements sent, counted from records:
``{* counts from="TEXT" to="TEXT" tests/records/<...>.txt ... *}``.

``tutorial_recorder.site.counts`` documents the syntax and builds the table; here each record path
is first refused if it leaves the project, as any other include's path.
"""

from __future__ import annotations

from tutorial_recorder.site import counts
from tutorial_recorder.site.directives.base import Context, IncludeError, Keyword
from tutorial_recorder.site.directives.blocks import Markdown


def render(words: list[str], context: Context) -> Markdown:
    for word in words:
        if "=" not in word:
            context.inside(word)  # a record path, refused outside the project as any other
    try:
        return Markdown(counts.directive(context.project, words))
    except counts.CountsError as error:
        raise IncludeError(str(error)) from None


DIRECTIVE = Keyword(counts.NAME, render)
