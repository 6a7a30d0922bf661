"""The kinds of ``{* ... *}`` directive a page may use, one module each, and the registry
that ``tutorial_recorder.site.includes`` dispatches through.

A directive is told by its first word (a ``Keyword``) or else by the suffix of the file it
names (a ``FileKind``); each module declares its kind as ``DIRECTIVE`` and documents its
syntax:

- ``code``: a ``.py`` module, whole, one function or class, or lines by number (``def=``,
  ``class=``, ``hl=``; ``ln[]``, ``hl[]``, helped by ``ranges``)
- ``excerpt``: a ``.txt`` recorded run (``from=``, ``to=``, ``hl=``), with its PostgreSQL twin
- ``table``: a table of a ``.db.sql`` record (``table=``)
- ``diagram``: a ``.er.mmd`` record, drawn
- ``fragment``: a generated ``.md`` file in the project's comparisons folder
- ``run``: ``{* run <module> *}``, the "Run it yourself" block
- ``differences``: ``{* differences *}``, what a terminal shows differently
- ``counts``: ``{* counts ... *}``, the table of statements sent

A new kind is a module that declares its ``DIRECTIVE``, and one entry in ``REGISTRY``.
``blocks`` holds what they render to; ``base`` the error, the context and the declarations.

May import: ``tutorial_recorder.project`` (in ``base.Context`` only), ``tutorial_recorder.records``
and the
rest of ``tutorial_recorder.site``.
"""

from __future__ import annotations

from pathlib import Path

from tutorial_recorder.project.paths import Project
from tutorial_recorder.site.directives import (
    code,
    counts,
    diagram,
    differences,
    excerpt,
    fragment,
    run,
    table,
)
from tutorial_recorder.site.directives.base import Directive, FileKind, Keyword

REGISTRY: tuple[Directive, ...] = (
    differences.DIRECTIVE,
    run.DIRECTIVE,
    counts.DIRECTIVE,
    code.DIRECTIVE,
    excerpt.DIRECTIVE,
    table.DIRECTIVE,
    diagram.DIRECTIVE,
    fragment.DIRECTIVE,
)


def keyword(words: list[str]) -> Keyword | None:
    """The directive that ``words`` (not empty) start with a word of, if any."""
    return next((d for d in REGISTRY if isinstance(d, Keyword) and d.matches(words)), None)


def file_kind(path: Path, project: Project) -> FileKind | None:
    """The kind of file directive that names the file at ``path`` in ``project``, if any."""
    return next((d for d in REGISTRY if isinstance(d, FileKind) and d.matches(path, project)), None)
