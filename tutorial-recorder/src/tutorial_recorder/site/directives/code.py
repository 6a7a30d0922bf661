"""A part of a module: ``{* docs_src/group/chapter/tutorial001.py def=main hl="TEXT" *}``.

For a ``.py`` file, paths relative to the project root (a leading ``./`` is allowed):

- ``def=NAME`` or ``class=NAME`` includes that top-level function or class (decorators
  included); neither includes the whole file. Names survive edits; line numbers do not.
- ``hl="TEXT"`` (repeatable) highlights every line of the block that contains TEXT; TEXT
  must occur in the block.

Other projects' pages (SQLModel's, FastAPI's) name lines by number instead, and are taken
as they are: ``{* ./docs_src/tutorial/create_tables/tutorial001_py310.py ln[1:19]
hl[9,11:13] *}``.

- ``ln[SPEC]`` includes the lines SPEC names: comma-separated line numbers ``c`` and
  inclusive ranges ``a:b`` of the file, from 1, in increasing order. A ``# ...`` line
  stands between two parts that do not follow each other. A line past the end of the file
  is refused. It does not go with ``def=`` or ``class=``.
- ``hl[SPEC]`` (repeatable) highlights the lines SPEC names by their numbers in the file.
  Each must be among the lines shown and not blank.

A module that does not compile is refused, with the line where it fails.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from tutorial_recorder.site.directives import ranges
from tutorial_recorder.site.directives.base import Context, FileKind, Included, IncludeError
from tutorial_recorder.site.directives.blocks import Block


def parse(target: str, text: str) -> ast.Module:
    """The module ``target`` (``text``), refused if it does not compile."""
    try:
        return ast.parse(text, filename=target)
    except SyntaxError as error:
        raise IncludeError(f"{target}:{error.lineno}: does not compile: {error.msg}") from None


def render(file: Included, context: Context) -> Block:
    target, options = file.target, file.options
    tree = parse(target, file.text)
    lines = file.text.splitlines()
    names = [(kind, name) for kind in ("def", "class") for name in options.get(kind, [])]
    picks = options.get("ln[]", [])
    if len(names) + len(picks) > 1:
        raise IncludeError(f"{target}: name one function or class, or one ln[], per directive")
    origin: list[int | None] = list(range(1, len(lines) + 1))
    if names:
        kind, name = names[0]
        first, last = _definition(target, tree, kind, name)
        lines, origin = lines[first - 1 : last], origin[first - 1 : last]
    if picks:
        lines, origin = ranges.pick(target, picks[0], lines)
    highlighted: set[int] = set()
    for spec in options.get("hl[]", []):
        highlighted |= ranges.highlights(target, spec, lines, origin)
    for wanted in options.get("hl", []):
        found = {number for number, line in enumerate(lines, start=1) if wanted in line}
        if not found:
            raise IncludeError(f"{target}: highlight {wanted!r} is not inside the included block")
        highlighted |= found
    return Block("python", str(PurePosixPath(target)), lines, sorted(highlighted))


def _definition(target: str, tree: ast.Module, kind: str, name: str) -> tuple[int, int]:
    types = (ast.FunctionDef, ast.AsyncFunctionDef) if kind == "def" else (ast.ClassDef,)
    for node in tree.body:
        if isinstance(node, types) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    raise IncludeError(f"{target}: no top-level {kind} {name!r}")


DIRECTIVE = FileKind(
    ".py", frozenset({"def", "class", "hl"}), render, numbered=frozenset({"ln[]", "hl[]"})
)
