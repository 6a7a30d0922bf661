"""The steps of the project by their short ids: ``back_populates/1`` and so on.

A step is one module of a project (``tutorial_recorder.project.paths.Project``). Its short id is
the name of the module's folder (the chapter) and the step's name, ``<chapter>/<name>``. The
name is the module's stem with a leading word and the zeros of a number dropped:
``tutorial001.py`` is ``1``, ``tutorial001_py310.py`` is ``1_py310``, ``step02.py`` is ``2``;
a stem without such a number stays as it is (``create_heroes.py`` is ``create_heroes``). If
two modules of one folder get the same name, both keep their whole stems; if two folders
have the same name, their steps use the whole folder path, ``<group>/<chapter>/<name>``.
A module directly in a modules folder has that folder's name as its chapter. Its title is
the first line of the module's docstring.

``find`` also accepts the longer names a reader meets elsewhere: the test id
``relationship_attributes/back_populates/tutorial001``, the module's path
``docs_src/relationship_attributes/back_populates/tutorial001.py``, and numbers written
``001`` or ``tutorial001``. A name that is no step raises ``UnknownStep`` with the closest ids.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.project.paths import Project

_NUMBERED = re.compile(r"^[A-Za-z]*0*(?P<number>\d+)(?P<rest>_.*)?$")
SUGGESTIONS = 3


@dataclass(frozen=True)
class Step:
    id: str
    """The short id: ``<chapter>/<name>``."""
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
    """The first line of the module's docstring ("" if it has none)."""
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
        """Every name ``find`` knows this step by, once numbers are read without zeros."""
        stem = self.module.stem
        return tuple(
            dict.fromkeys(
                (
                    self.id,
                    f"{self.folder}/{self.name}",
                    f"{self.chapter}/{stem}",
                    f"{self.folder}/{stem}",
                )
            )
        )


class UnknownStep(LookupError):
    """No step has the given name; ``suggestions`` holds the closest ids, best first."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"There is no step {name!r}.{hint}")


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
    """The name and the id of each of the steps ``found`` (``_parts``), unique among them."""
    names = Counter((folder, name) for folder, _, name, _ in found)
    folders = Counter(chapter for chapter in {(f, f.rsplit("/", 1)[-1]) for f, *_ in found})
    chapters = Counter(chapter for _, chapter in folders)
    named: list[tuple[str, str]] = []
    for folder, _, name, module in found:
        chapter = folder.rpartition("/")[2]
        if names[(folder, name)] > 1:
            name = module.stem
        prefix = chapter if chapters[chapter] == 1 else folder
        named.append((name, f"{prefix}/{name}"))
    return named


def find(project: Project, name: str, among: list[Step] | None = None) -> Step:
    """The step called ``name`` (any of ``Step.names``, numbers with or without zeros)."""
    candidates = steps(project) if among is None else among
    wanted, path = _canonical(name), name.strip()
    files = {(place / path).resolve() for place in (Path.cwd(), project.root)}
    exact = _slashed(name)
    for step in candidates:
        if exact in step.names or (path.endswith(".py") and step.module in files):
            return step
    matching = [s for s in candidates if wanted in {_canonical(n) for n in s.names}]
    if len(matching) == 1:
        return matching[0]
    raise UnknownStep(name, [s.id for s in matching][:SUGGESTIONS] or suggest(name, candidates))


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
        (step for step in among if any(word in step.folder for word in words)),
        key=lambda step: step.number != number,
    )
    return list(dict.fromkeys(step.id for step in [*alike, *named]))[:SUGGESTIONS]


def title(module: Path) -> str:
    """The first line of ``module``'s docstring, or "" if it has none or cannot be read."""
    try:
        docstring = ast.get_docstring(ast.parse(module.read_bytes()))
    except (OSError, SyntaxError, ValueError):
        return ""
    return docstring.strip().splitlines()[0] if docstring and docstring.strip() else ""


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
