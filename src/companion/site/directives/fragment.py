"""A generated Markdown fragment: ``{* tests/matrix/<...>.md *}``.

For a generated Markdown file under ``tests/matrix/`` (the upgrade matrix writes them,
``companion.matrix.page``): no options; its Markdown goes into the page as it is. Any
other ``.md`` file is refused.
"""

from __future__ import annotations

from companion.site.directives.base import Context, FileKind, Included
from companion.site.directives.blocks import Markdown

GENERATED = "tests/matrix/"


def render(file: Included, context: Context) -> Markdown:
    return Markdown(file.text.splitlines())


DIRECTIVE = FileKind(".md", frozenset(), render, under=GENERATED)
