"""The steps of the project by their ids: ``relationship_attributes/back_populates/1``.

A step is one module of a project (``tutorial_recorder.project.paths.Project``). Its id is
the module's folder path from the folder its records mirror (the modules folder, or the
project's root when there are several), then the step's name: ``<group>/<chapter>/<name>``.
The name is the module's stem with a leading word and the zeros of a number dropped:
``tutorial001.py`` is ``1``, ``tutorial001_py310.py`` is ``1_py310``, ``step02.py`` is ``2``;
a stem without such a number stays as it is (``create_heroes.py`` is ``create_heroes``). If
two modules of one folder get the same name, both keep their whole stems. A module directly
in a modules folder has that folder's name as its folder. An id depends on its module's own
path only, never on the other chapters: adding a chapter, anywhere, changes no id.

``find`` accepts any unique suffix of an id, whole parts only: ``back_populates/1`` or
``select/1``, as long as one step's id ends so. A suffix whose last part is a number names
the variants of that number too when there is no plain one (``select/1`` is
``select/1_py310`` where that is the only ``1`` of ``select``). It also accepts the longer
names a reader meets elsewhere: the test id ``relationship_attributes/back_populates/
tutorial001``, the module's path ``docs_src/relationship_attributes/back_populates/
tutorial001.py``, and numbers written ``001`` or ``tutorial001``. A name that is no step
raises ``UnknownStep`` with the closest ids; a suffix of several ids raises
``AmbiguousStep`` with all of them.

A step's title is the first line of the module's docstring, or else its first comment, or
else its file name.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.project.paths import Project

_NUMBERED = re.compile(r"^[A-Za-z]*0*(?P<number>\d+)(?P<rest>_.*)?$")
SUGGESTIONS = 3


@dataclass(frozen=True)
class Step:
    id: str
    """The id: ``<folder>/<name>``, the folder path from the folder the records mirror."""
    group: str
    """The folders above the chapter's, from the modules folder ("" if none)."""
    chapter: str
    name: str
    """The step's name in its chapter: ``1`` for ``tutorial001.py``."""
    number: int | None
    """The number in the module's name, if it has one."""
    module: Path
    """The module's absolute path."""
    title: str
    """The first line of the module's docstring, its first comment, or its file name."""
    path: str
    """The module's path from the project root, as the README and pages write it."""
    page: Path | None
    """The chapter's docs page, if it has one."""

    @property
    def folder(self) -> str:
        """The chapter's folder path: ``<group>/<chapter>``, or ``<chapter>``."""
        return f"{self.group}/{self.chapter}" if self.group else self.chapter

    @property
    def names(self) -> tuple[str, ...]:
        """Every whole name ``find`` knows this step by (of which it takes any suffix), once
        numbers are read without zeros: its id and its test id."""
        return tuple(dict.fromkeys((self.id, f"{self.folder}/{self.module.stem}")))


class UnknownStep(LookupError):
    """No step has the given name; ``suggestions`` holds the closest ids, best first."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"There is no step {name!r}.{hint}")


class AmbiguousStep(UnknownStep):
    """The given name is a suffix of several ids; ``candidates`` holds them all, in order."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(name, candidates[:SUGGESTIONS])
        self.args = (f"{name!r} names {len(candidates)} steps: {', '.join(candidates)}.",)


def steps(project: Project, modules: list[Path] | None = None) -> list[Step]:
    """Every step of ``project`` (or those of ``modules``), in the order of
    ``Project.modules()``: by folder and module name."""
    chosen = project.modules() if modules is None else modules
    found = [_parts(project, module) for module in chosen]
    every: list[Step] = []
    for (folder, number, _, module), (name, step_id) in zip(found, _names(found), strict=True):
        group, _, chapter = folder.rpartition("/")
        every.append(
            Step(
                id=step_id,
                group=group,
                chapter=chapter,
                name=name,
                number=number,
                module=module,
                title=title(module),
                path=project.relative(module),
                page=page if (page := project.page_for(module)).is_file() else None,
            )
        )
    return every


def id_of(project: Project, module: Path) -> str | None:
    """The id of the step that ``module`` is (``None`` if it is none), without reading any
    module: the ids of one list of modules are worked out once (a page build asks for
    hundreds)."""
    return _ids(project, tuple(project.modules())).get(module.resolve())


@functools.lru_cache(maxsize=4)
def _ids(project: Project, modules: tuple[Path, ...]) -> dict[Path, str]:
    found = [_parts(project, module) for module in modules]
    return {parts[3]: step_id for parts, (_, step_id) in zip(found, _names(found), strict=True)}


def _names(found: list[tuple[str, int | None, str, Path]]) -> list[tuple[str, str]]:
    """The name and the id of each of the steps ``found`` (``_parts``): the folder and the
    name, the whole stem where two modules of one folder would share a name."""
    names = Counter((folder, name) for folder, _, name, _ in found)
    named: list[tuple[str, str]] = []
    for folder, _, name, module in found:
        if names[(folder, name)] > 1:
            name = module.stem
        named.append((name, f"{folder}/{name}"))
    return named


def find(project: Project, name: str, among: list[Step] | None = None) -> Step:
    """The step called ``name``: a suffix of one of its ``names`` (whole parts, numbers
    with or without zeros), or its module's path."""
    candidates = steps(project) if among is None else among
    path = name.strip()
    files = {(place / path).resolve() for place in (Path.cwd(), project.root)}
    if path.endswith(".py"):
        for step in candidates:
            if step.module in files:
                return step
    wanted = _canonical(name)
    if not wanted:
        raise UnknownStep(name, [])
    exact = _ending(_slashed(name), candidates, lambda n: n)
    for matches in (exact, _ending(wanted, candidates), _variants(wanted, candidates)):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousStep(name, [step.id for step in matches])
    raise UnknownStep(name, suggest(name, candidates))


def _ending(
    wanted: str, among: list[Step], read: Callable[[str], str] = lambda n: _canonical(n)
) -> list[Step]:
    """The steps one of whose names, ``read`` (numbers without zeros), is ``wanted`` or
    ends with ``/wanted``."""
    return [
        step
        for step in among
        if any(n == wanted or n.endswith(f"/{wanted}") for n in map(read, step.names))
    ]


def _variants(wanted: str, among: list[Step]) -> list[Step]:
    """The steps named like ``wanted`` with a variant after its number: ``select/1``
    gives ``select/1_py310``."""
    head, _, last = wanted.rpartition("/")
    if not last.isdigit():
        return []
    return [
        step
        for step in among
        if step.number == int(last)
        and step.name.startswith(f"{last}_")
        and (not head or f"/{step.folder}".endswith(f"/{head}"))
    ]


def suggest(name: str, among: list[Step]) -> list[str]:
    """The ids closest to ``name``, best first: ids spelt alike, then the steps of the
    chapters whose names contain a word of ``name``, the same step number first."""
    wanted = _canonical(name)
    scored = [(_likeness(wanted, step), step) for step in among]
    alike = [step for ratio, step in sorted(scored, key=lambda pair: -pair[0]) if ratio >= 0.6]
    last = wanted.rsplit("/", 1)[-1]
    number = int(last) if last.isdigit() else None
    words = [word for word in wanted.lower().split("/") if word and not word.isdigit()]
    named = sorted(
        (step for step in among if any(word in step.folder for word in words)),
        key=lambda step: step.number != number,
    )
    return list(dict.fromkeys(step.id for step in [*alike, *named]))[:SUGGESTIONS]


def _likeness(wanted: str, step: Step) -> float:
    """How alike ``wanted`` and the step's id, or its last two parts, are spelt."""
    short = f"{step.chapter}/{step.name}"
    return max(difflib.SequenceMatcher(None, wanted, text).ratio() for text in (step.id, short))


def title(module: Path) -> str:
    """The first line of ``module``'s docstring; without one, its first comment (not a
    ``#!`` line nor a coding line); else its file name."""
    try:
        source = module.read_bytes()
        docstring = ast.get_docstring(ast.parse(source))
    except (OSError, SyntaxError, ValueError):
        return module.name
    if docstring and docstring.strip():
        return docstring.strip().splitlines()[0]
    for line in source.decode("utf-8", errors="replace").splitlines():
        text = line.strip()
        comment = text.lstrip("#").strip()
        shebang_or_coding = text.startswith("#!") or _CODING.match(text)
        if text.startswith("#") and comment and not shebang_or_coding:
            return comment
    return module.name


_CODING = re.compile(r"^#.*coding[:=]")


def _parts(project: Project, module: Path) -> tuple[str, int | None, str, Path]:
    """The module's chapter folder path, number, name and absolute path."""
    module = module.resolve()
    inside = project.within(module)
    folder = inside.parent.as_posix()
    if folder == ".":
        folder = next(f.name for f in project.modules_folders if module.is_relative_to(f))
    match = _NUMBERED.match(module.stem)
    if match is None:
        return folder, None, module.stem, module
    number = int(match.group("number"))
    return folder, number, f"{number}{match.group('rest') or ''}", module


def _slashed(name: str) -> str:
    return name.strip().replace("\\", "/").strip("/")


def _canonical(name: str) -> str:
    """``name`` with slashes forward and its last part as a step name where it is one."""
    parts = _slashed(name).split("/")
    if parts and parts[-1].endswith(".py"):
        parts[-1] = parts[-1][: -len(".py")]
    if parts and (number := _NUMBERED.match(parts[-1])) is not None:
        parts[-1] = f"{int(number.group('number'))}{number.group('rest') or ''}"
    return "/".join(parts)
