"""The steps of the tutorial by their short ids: ``back_populates/1`` and so on.

A step is one module, ``docs_src/<group>/<chapter>/tutorial00N.py``. Its short id is the
chapter's folder name and the step's number without zeros, ``<chapter>/<n>``; if two groups
ever have a chapter of the same name, both use ``<group>/<chapter>/<n>``. Its title is the
first line of the module's docstring.

``find`` also accepts the longer names a reader meets elsewhere: the test id
``relationship_attributes/back_populates/tutorial001``, the module's path
``docs_src/relationship_attributes/back_populates/tutorial001.py``, and numbers written
``001`` or ``tutorial001``. A name that is no step raises ``UnknownStep`` with the closest ids.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from companion.project import paths

_NUMBERED = re.compile(r"^tutorial(?P<number>\d+)$")
_NUMBER = re.compile(r"^(?:tutorial)?0*(?P<number>\d+)(?:\.py)?$")
SUGGESTIONS = 3


@dataclass(frozen=True)
class Step:
    id: str
    """The short id: ``<chapter>/<n>``."""
    group: str
    chapter: str
    number: int
    module: Path
    """The module's absolute path."""
    title: str
    """The first line of the module's docstring ("" if it has none)."""

    @property
    def path(self) -> str:
        """The module's path from the project root, as the README and pages write it."""
        return self.module.relative_to(paths.ROOT).as_posix()

    @property
    def page(self) -> Path | None:
        """The chapter's docs page, if it has one yet."""
        page = paths.DOCS / self.group / f"{self.chapter}.md"
        return page if page.is_file() else None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name ``find`` knows this step by, once numbers are read without zeros."""
        return (self.id, f"{self.group}/{self.chapter}/{self.number}")


class UnknownStep(LookupError):
    """No step has the given name; ``suggestions`` holds the closest ids, best first."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"There is no step {name!r}.{hint}")


def steps(modules: list[Path] | None = None) -> list[Step]:
    """Every step, in the order of ``paths.modules()``: by group, chapter and number."""
    found = [_parts(module) for module in (paths.modules() if modules is None else modules)]
    chapters = Counter(chapter for _, chapter in {(group, chapter) for group, chapter, *_ in found})
    return [
        Step(
            id=f"{chapter}/{number}" if chapters[chapter] == 1 else f"{group}/{chapter}/{number}",
            group=group,
            chapter=chapter,
            number=number,
            module=module,
            title=title(module),
        )
        for group, chapter, number, module in found
    ]


def find(name: str, among: list[Step] | None = None) -> Step:
    """The step called ``name`` (any of ``Step.names``, numbers with or without zeros)."""
    candidates = steps() if among is None else among
    wanted, path = _canonical(name), name.strip()
    files = {(place / path).resolve() for place in (Path.cwd(), paths.ROOT)}
    for step in candidates:
        if wanted in step.names or (path.endswith(".py") and step.module in files):
            return step
    raise UnknownStep(name, suggest(name, candidates))


def suggest(name: str, among: list[Step]) -> list[str]:
    """The ids closest to ``name``, best first: ids spelt alike, then the steps of the
    chapters whose names contain a word of ``name``, the same step number first."""
    wanted = _canonical(name)
    scored = [(difflib.SequenceMatcher(None, wanted, step.id).ratio(), step) for step in among]
    alike = [step for ratio, step in sorted(scored, key=lambda pair: -pair[0]) if ratio >= 0.6]
    last = wanted.rsplit("/", 1)[-1]
    number = int(last) if last.isdigit() else None
    words = [word for word in wanted.lower().split("/") if word and not word.isdigit()]
    named = sorted(
        (step for step in among if any(word in f"{step.group}/{step.chapter}" for word in words)),
        key=lambda step: step.number != number,
    )
    return list(dict.fromkeys(step.id for step in [*alike, *named]))[:SUGGESTIONS]


def title(module: Path) -> str:
    """The first line of ``module``'s docstring, or "" if it has none."""
    docstring = ast.get_docstring(ast.parse(module.read_bytes()))
    return docstring.strip().splitlines()[0] if docstring and docstring.strip() else ""


def _parts(module: Path) -> tuple[str, str, int, Path]:
    module = module.resolve()
    relative = module.relative_to(paths.DOCS_SRC)
    match = _NUMBERED.match(relative.stem)
    if match is None or len(relative.parts) != 3:
        raise ValueError(f"{module} is not docs_src/<group>/<chapter>/tutorial<N>.py")
    group, chapter, _ = relative.parts
    return group, chapter, int(match.group("number")), module


def _canonical(name: str) -> str:
    """``name`` with slashes forward and its last part as a plain number where it is one."""
    parts = name.strip().replace("\\", "/").strip("/").split("/")
    if parts and (number := _NUMBER.match(parts[-1])) is not None:
        parts[-1] = str(int(number.group("number")))
    return "/".join(parts)
