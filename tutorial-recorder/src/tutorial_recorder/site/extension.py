"""The pages' includes as a Python-Markdown extension, so MkDocs and Zensical build the
same pages: ``markdown_extensions: [tutorial_recorder.site.extension]``.

The preprocessor runs ``includes.expand`` on a page's Markdown before the fenced blocks
are read, and hands the HTML of recorded runs to Markdown's raw HTML store. Markdown does
not say which file it converts, so the page is found by its text among the project's
pages, or those of the ``docs`` folder the build runs from; errors name it as
``docs/<page>.md:<line>``. The project is the one whose folder the extension's ``project``
option names (``markdown_extensions: [tutorial_recorder.site.extension: {project: DIR}]``), or else
the closest ``[tool.tutorial-recorder]`` from the folder the build runs in
(``tutorial_recorder.project.config``), read when the first page is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from tutorial_recorder.project import config
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site.includes import expand

# after normalize_whitespace (30), before the fenced code blocks (25)
PRIORITY = 28


class IncludesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, folder: str) -> None:
        super().__init__(md)
        self._folder = folder
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            named = self._folder
            self._project = config.load(Path(named)) if named else config.find(Path.cwd())
        return self._project

    def run(self, lines: list[str]) -> list[str]:
        project, stash = self.project, self.md.htmlStash.store
        return expand(project, "\n".join(lines), page_of(project, lines), stash).split("\n")


class IncludesExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "project": ["", "the folder of the project's pyproject.toml (default: found upwards)"]
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        folder = str(self.getConfig("project"))
        preprocessor = IncludesPreprocessor(md, folder)
        md.preprocessors.register(preprocessor, "companion_includes", PRIORITY)


def makeExtension(**kwargs: Any) -> IncludesExtension:
    return IncludesExtension(**kwargs)


def page_of(project: Project, lines: list[str]) -> str:
    """The docs page whose text ``lines`` are (as Markdown's whitespace step left them)."""
    wanted = _plain("\n".join(lines))
    here = Path.cwd()
    named = [(page, project.relative(page)) for page in project.pages()]
    named += [(page, page.relative_to(here).as_posix()) for page in (here / "docs").rglob("*.md")]
    return next(
        (name for page, name in named if _plain(page.read_text(encoding="utf-8")) == wanted),
        "a page outside docs/",
    )


def _plain(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.expandtabs(4).splitlines()).strip("\n")
