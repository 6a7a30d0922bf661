"""A generated Markdown fragment: ``{* tests/matrix/<...>.md *}``.

For a generated Markdown file in the project's comparisons folder (``comparisons`` in its
configuration, ``tests/matrix/`` by default; ``tutorial_recorder.compare`` writes them): no
options; its Markdown goes into the page as it is. Any other ``.md`` file is refused.
"""

from __future__ import annotations

from pathlib import Path

from tutorial_recorder.project.paths import Project
from tutorial_recorder.site.directives.base import Context, FileKind, Included
from tutorial_recorder.site.directives.blocks import Markdown


def render(file: Included, context: Context) -> Markdown:
    return Markdown(file.text.splitlines())


def _comparisons(project: Project) -> Path:
    return project.comparisons


DIRECTIVE = FileKind(".md", frozenset(), render, under=_comparisons)
