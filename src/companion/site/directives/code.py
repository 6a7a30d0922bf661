"""A part of a module: ``{* docs_src/group/chapter/tutorial001.py def=main hl="TEXT" *}``.

For a ``.py`` file, paths relative to the project root:

- ``def=NAME`` or ``class=NAME`` includes that top-level function or class (decorators
  included); neither includes the whole file. Names survive edits; line numbers do not.
- ``hl="TEXT"`` (repeatable) highlights every line of the block that contains TEXT; TEXT
  must occur in the block.

A module that does not compile is refused, with the line where it fails.
"""

from __future__ import annotations

import ast

from companion.site.directives.base import Context, FileKind, Included, IncludeError
from companion.site.directives.blocks import Block


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
    if len(names) > 1:
        raise IncludeError(f"{target}: name one function or class per directive")
    if names:
        kind, name = names[0]
        first, last = _definition(target, tree, kind, name)
        lines = lines[first - 1 : last]
    highlighted: set[int] = set()
    for wanted in options.get("hl", []):
        found = {number for number, line in enumerate(lines, start=1) if wanted in line}
        if not found:
            raise IncludeError(f"{target}: highlight {wanted!r} is not inside the included block")
        highlighted |= found
    return Block("python", target, lines, sorted(highlighted))


def _definition(target: str, tree: ast.Module, kind: str, name: str) -> tuple[int, int]:
    types = (ast.FunctionDef, ast.AsyncFunctionDef) if kind == "def" else (ast.ClassDef,)
    for node in tree.body:
        if isinstance(node, types) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    raise IncludeError(f"{target}: no top-level {kind} {name!r}")


DIRECTIVE = FileKind(".py", frozenset({"def", "class", "hl"}), render)
