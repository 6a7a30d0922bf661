"""The diagram of a run's models: ``{* tests/records/sqlite/group/chapter/tutorial001.er.mmd *}``.

For a ``.er.mmd`` record (the kind is told by the last suffix, ``.mmd``): no options; it
becomes a ``mermaid`` block that the site draws.
"""

from __future__ import annotations

from tutorial_recorder.site.directives.base import Context, FileKind, Included
from tutorial_recorder.site.directives.blocks import Block


def render(file: Included, context: Context) -> Block:
    return Block("mermaid", "", file.text.splitlines(), [])


DIRECTIVE = FileKind(".mmd", frozenset(), render)
