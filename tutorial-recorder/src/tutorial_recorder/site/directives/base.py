"""What the directive modules share: the error they raise, the context they run in, and
how a kind of directive is declared for the registry (``Keyword`` or ``FileKind``).

``Context`` is the only place in the directives that asks ``tutorial_recorder.project`` anything
(where the project is, which step a module is, where its records are): a directive module
gets the project through the context ``includes.expand`` passes in, never on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import of
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import TRANSCRIPT, Project
from tutorial_recorder.site.directives.blocks import Rendered

Options = dict[str, list[str]]
"""A file directive's ``key=value`` options: each key's values, in the order written."""


class IncludeError(Exception):
    """A directive or SQL block that cannot be expanded: what is wrong (``message``), and,
    once ``includes.expand`` has placed it, on which ``page`` and ``line`` (from 1). Its text
    is ``page:line: message``, or the message alone before it is placed."""

    def __init__(self, message: str, page: str | None = None, line: int | None = None) -> None:
        super().__init__(message, page, line)
        self.message = message
        self.page = page
        self.line = line

    def __str__(self) -> str:
        if self.page is None:
            return self.message
        return f"{self.page}:{self.line}: {self.message}"

    def at(self, page: str, line: int) -> IncludeError:
        """The same problem, placed on ``page`` at ``line``."""
        return IncludeError(self.message, page, line)


@dataclass(frozen=True)
class Context:
    """What a directive may ask of ``project``, while ``page`` (its name from the project
    root) is expanded."""

    project: Project
    page: str

    def inside(self, target: str) -> Path:
        """The file ``target`` names, refused unless it is relative and stays in the project."""
        relative = PurePosixPath(target)
        root = self.project.root
        path = root / relative
        inside = path.resolve().is_relative_to(root)
        if relative.is_absolute() or ".." in relative.parts or not inside:
            raise IncludeError(
                f"{target}: a path must be relative to the project and stay inside it"
            )
        return path

    def read(self, target: str, path: Path) -> str:
        """The text of the file ``target`` (at ``path``), which must exist and be UTF-8."""
        if not path.is_file():
            raise IncludeError(f"{target}: no such file")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise IncludeError(f"{target}: not valid UTF-8 (byte {error.start})") from None

    def resolved(self, target: str) -> Path:
        """The file ``target`` names, links resolved."""
        return (self.project.root / target).resolve()

    def relative(self, path: Path) -> str:
        return self.project.relative(path)

    def step_of(self, module: Path) -> str | None:
        """The id of the step ``module`` is, ``None`` if it is none."""
        return steps.id_of(self.project, module)

    def no_step(self, name: str) -> str:
        """What is said of ``name`` when it is no step."""
        return str(steps.UnknownStep(name, []))

    def module_for(self, record: Path) -> Path:
        """The module ``record`` is a record of; ``ValueError`` if it is under no records."""
        return self.project.module_for(record)

    def databases(self) -> tuple[Database, ...]:
        """The databases the project records on, its main one first."""
        return of(self.project)

    def transcript(self, module: Path, on: Database) -> Path:
        """The transcript of ``module``'s run on ``on``."""
        return on.record_for(self.project, module, TRANSCRIPT)

    def python_command(self, module: Path) -> str:
        """The command that runs ``module``, as a record's console line shows it."""
        return self.project.python_command(module)


@dataclass(frozen=True)
class Keyword:
    """A directive that starts with a word of its own: ``{* WORD ... *}``."""

    word: str
    render: Callable[[list[str], Context], Rendered]
    """The block, given the words after ``word``."""
    alone: bool = False
    """Only ``{* WORD *}`` itself is this directive; with more words it names a file."""

    def matches(self, words: list[str]) -> bool:
        return words == [self.word] if self.alone else words[0] == self.word


@dataclass(frozen=True)
class Included:
    """The file a file directive names, read, and the directive's options."""

    target: str
    """The path as the directive wrote it."""
    path: Path
    text: str
    options: Options


@dataclass(frozen=True)
class FileKind:
    """A directive that names a file, ``{* PATH key=value ... *}``, told by its suffix."""

    suffix: str
    """The path's last suffix (``Path.suffix``): ``.sql`` for a ``.db.sql`` record."""
    options: frozenset[str]
    """The option keys it takes; any other is refused before the file is read."""
    render: Callable[[Included, Context], Rendered]
    under: Callable[[Project], Path] | None = None
    """Only a file in this folder of the project is of this kind."""
    numbered: frozenset[str] = frozenset()
    """The ``key[value]`` options it takes (``ln[]``, ``hl[]``: lines by number, as other
    projects' pages write them), kept under the key ``key[]``."""

    def matches(self, path: Path, project: Project) -> bool:
        inside = self.under is None or path.resolve().is_relative_to(self.under(project))
        return path.suffix == self.suffix and inside


Directive = Keyword | FileKind
