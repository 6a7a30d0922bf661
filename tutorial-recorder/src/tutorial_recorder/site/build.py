"""The project's site built by Zensical or MkDocs from a staged copy of its pages, and checked.

The copy (``docs/`` and ``mkdocs.yml`` in a folder of the caller's, the Markdown extension
told the project's root with its ``project`` option) gets the fetched files
(``tutorial_recorder.site.assets``), so a build writes nothing into the project. The site is
then checked as ``mkdocs build --strict`` would check it (``tutorial_recorder.site.strict``),
which Zensical does not do. The tests build the site this way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tutorial_recorder.project import config
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site import assets, runtime, strict

SETTINGS = "mkdocs.yml"
EXTENSION = "  - tutorial_recorder.site.extension\n"
WATCH = re.compile(r"^watch:\n(?:  - .*\n)+", re.M)
"""The folders ``serve`` watches, named from the project's root: the copy has none of them."""
BUILDERS = {
    "zensical": ["-m", "zensical", "build", "-f", SETTINGS],
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "-f", SETTINGS],
}


class BuildFailed(RuntimeError):
    """The builder failed, or its site has problems; the message says which."""


def staged_settings(settings: str, root: Path) -> str:
    """``mkdocs.yml``'s text for a copy of the pages outside the project in ``root``."""
    if settings.count(EXTENSION) != 1:
        raise BuildFailed(f"{SETTINGS} must list tutorial_recorder.site.extension once")
    named = f"  - tutorial_recorder.site.extension:\n      project: {root}\n"
    return WATCH.sub("", settings.replace(EXTENSION, named))


def stage(project: Project, folder: Path) -> Path:
    """The project's pages, settings and fetched files copied into ``folder``; its docs."""
    docs = folder / project.docs.relative_to(project.root)
    left_out = set(assets.FOLDERS)
    shutil.copytree(
        project.docs,
        docs,
        ignore=lambda at, names: [n for n in names if n in left_out and Path(at) == project.docs],
    )
    settings = (project.root / SETTINGS).read_text(encoding="utf-8")
    (folder / SETTINGS).write_text(staged_settings(settings, project.root), encoding="utf-8")
    assets.write(docs, project.root)
    return docs


def build(project: Project, builder: str, folder: Path) -> Path:
    """The site ``builder`` makes of ``project``, in ``folder/site``, checked; ``folder``
    also holds the staged copy (``folder/staged``)."""
    staged = folder / "staged"
    docs = stage(project, staged)
    ran = subprocess.run(
        [sys.executable, *BUILDERS[builder]],
        cwd=staged,
        capture_output=True,
        text=True,
        check=False,
    )
    if ran.returncode != 0:
        raise BuildFailed(f"{builder} build failed:\n{ran.stdout}{ran.stderr}")
    site = folder / "site"
    (staged / "site").rename(site)
    found = strict.problems(site, docs, (staged / SETTINGS).read_text(encoding="utf-8"))
    if found:
        raise BuildFailed(f"{builder}'s site has {len(found)} problem(s):\n" + "\n".join(found))
    return site


def main(arguments: list[str]) -> int:
    """``python -m tutorial_recorder.site.build zensical|mkdocs FOLDER``: the checked site of
    the project found from the current folder in ``FOLDER/site``."""
    if len(arguments) != 2 or arguments[0] not in BUILDERS:
        print(
            "usage: python -m tutorial_recorder.site.build zensical|mkdocs FOLDER", file=sys.stderr
        )
        return 2
    try:
        site = build(config.find(Path.cwd()), arguments[0], Path(arguments[1]))
    except (BuildFailed, runtime.MissingRuntime) as error:
        print(error, file=sys.stderr)
        return 1
    print(site)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
