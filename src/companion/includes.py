"""Expand include directives in the docs pages into fenced code blocks.

A directive stands alone on a line, indented as the block it becomes::

    {* docs_src/group/chapter/tutorial001.py def=main hl="session.commit()" *}
    {* tests/records/group/chapter/tutorial001.txt from="Heroes:" to="COMMIT" *}

Paths are relative to the project root. For a ``.py`` file:

- ``def=NAME`` or ``class=NAME`` includes that top-level function or class (decorators
  included); neither includes the whole file. Names survive edits; line numbers do not.
- ``hl="TEXT"`` (repeatable) highlights every line of the block that contains TEXT; TEXT
  must occur in the block.

For a ``.txt`` record (a recorded run):

- ``from="TEXT"`` starts the excerpt at the first line containing TEXT, ``to="TEXT"`` ends
  it at the first line at or after the start containing TEXT; both lines are included.
  Without them the whole record is shown.

Any problem raises ``IncludeError`` naming the page and line.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass

from companion.paths import ROOT, module_for

DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\{\*(?P<body>.*)\*\}[ \t]*$")
OPTIONS = {".py": {"def", "class", "hl"}, ".txt": {"from", "to"}}


class IncludeError(Exception):
    """A directive that cannot be expanded: the message starts with ``page:line:``."""


@dataclass(frozen=True)
class Block:
    language: str
    title: str
    lines: list[str]
    highlighted: list[int]

    def fenced(self, indent: str) -> list[str]:
        attributes = f'title="{self.title}"'
        if self.highlighted:
            attributes += f' hl_lines="{" ".join(map(str, self.highlighted))}"'
        body = [f"{indent}{line}" if line else "" for line in self.lines]
        return [f"{indent}``` {self.language} {attributes}", *body, f"{indent}```"]


def expand(markdown: str, page: str) -> str:
    """``markdown`` with every directive replaced by its block; ``page`` names it in errors."""
    out: list[str] = []
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = DIRECTIVE.match(line)
        if match is None:
            out.append(line)
            continue
        try:
            block = resolve(match.group("body"))
        except IncludeError as error:
            raise IncludeError(f"{page}:{number}: {error}") from None
        out.extend(block.fenced(match.group("indent")))
    return "\n".join(out)


def resolve(body: str) -> Block:
    """The block one directive's body (the text between ``{*`` and ``*}``) stands for."""
    try:
        words = shlex.split(body)
    except ValueError as error:
        raise IncludeError(f"cannot read the directive {body.strip()!r}: {error}") from None
    if not words:
        raise IncludeError("the directive names no file")
    target, options = words[0], _options(words[1:])
    path = ROOT / target
    allowed = OPTIONS.get(path.suffix)
    if allowed is None:
        raise IncludeError(f"{target}: only .py modules and .txt records can be included")
    if unknown := sorted(set(options) - allowed):
        raise IncludeError(f"{target}: unknown option {unknown[0]!r}; use {sorted(allowed)}")
    if not path.is_file():
        raise IncludeError(f"{target}: no such file")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return _code(target, text, options)
    return _output(target, text, options)


def _options(words: list[str]) -> dict[str, list[str]]:
    options: dict[str, list[str]] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not value:
            raise IncludeError(f"option {word!r} is not of the form key=value")
        options.setdefault(key, []).append(value)
    return options


def _code(target: str, text: str, options: dict[str, list[str]]) -> Block:
    lines = text.splitlines()
    names = [(kind, name) for kind in ("def", "class") for name in options.get(kind, [])]
    if len(names) > 1:
        raise IncludeError(f"{target}: name one function or class per directive")
    if names:
        kind, name = names[0]
        first, last = _definition(target, text, kind, name)
        lines = lines[first - 1 : last]
    highlighted: set[int] = set()
    for wanted in options.get("hl", []):
        found = {number for number, line in enumerate(lines, start=1) if wanted in line}
        if not found:
            raise IncludeError(f"{target}: highlight {wanted!r} is not inside the included block")
        highlighted |= found
    return Block("python", target, lines, sorted(highlighted))


def _definition(target: str, text: str, kind: str, name: str) -> tuple[int, int]:
    types = (ast.FunctionDef, ast.AsyncFunctionDef) if kind == "def" else (ast.ClassDef,)
    for node in ast.parse(text).body:
        if isinstance(node, types) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    raise IncludeError(f"{target}: no top-level {kind} {name!r}")


def _output(target: str, text: str, options: dict[str, list[str]]) -> Block:
    lines = text.splitlines()
    start, end = 0, len(lines)
    if "from" in options:
        start = _find(target, lines, options["from"][-1], 0)
    if "to" in options:
        end = _find(target, lines, options["to"][-1], start) + 1
    module = module_for(ROOT / target).relative_to(ROOT).as_posix()
    return Block("text", f"Recorded run of {module}", lines[start:end], [])


def _find(target: str, lines: list[str], marker: str, start: int) -> int:
    for index in range(start, len(lines)):
        if marker in lines[index]:
            return index
    raise IncludeError(f"{target}: no line containing {marker!r}")
