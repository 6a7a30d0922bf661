"""The fetched files the site serves, written into ``docs/`` before either builder runs.

MkDocs and Zensical both copy every file of ``docs/`` that is not a page into the site, so
the files fetched once into the user's cache go there, into folders ``.gitignore`` keeps out
of git: ``mermaid/`` (``tutorial_recorder.site.mermaid``) and ``pyodide/``, the Python the
"Run in your browser" buttons run (``tutorial_recorder.site.runtime``). No hook is needed,
so both builders serve the same files. ``./scripts/docs`` runs
``python -m tutorial_recorder.site.assets`` before serving; the tests write them into a
copy of ``docs/`` (``tutorial_recorder.site.build``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tutorial_recorder.project import config
from tutorial_recorder.site import mermaid, runtime

FOLDERS = (mermaid.FOLDER, runtime.FOLDER)


def write_mermaid(docs: Path) -> Path:
    """The pinned Mermaid into ``docs/mermaid/``; the file written."""
    try:
        script = mermaid.local_script()
    except (OSError, subprocess.CalledProcessError) as error:
        raise runtime.MissingRuntime(
            f"mermaid@{mermaid.VERSION} could not be fetched: {error}"
        ) from error
    if script is None:
        raise runtime.MissingRuntime(f"npm is needed once, to fetch mermaid@{mermaid.VERSION}")
    target = docs / mermaid.FOLDER / mermaid.SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.stat().st_size != script.stat().st_size:
        target.write_bytes(script.read_bytes())
    return target


def write(docs: Path, project_root: Path) -> list[Path]:
    """Mermaid and the browser's Python into ``docs``, for the project in ``project_root``;
    the files written (one already there with the same size is kept)."""
    return [write_mermaid(docs), *runtime.write(docs, project_root)]


def main(arguments: list[str]) -> int:
    """``python -m tutorial_recorder.site.assets [DOCS]``: the files into ``DOCS``, by
    default the docs folder of the project found from the current folder."""
    if len(arguments) > 1:
        print("usage: python -m tutorial_recorder.site.assets [DOCS]", file=sys.stderr)
        return 2
    project = config.find(Path.cwd())
    docs = Path(arguments[0]) if arguments else project.docs
    try:
        written = write(docs, project.root)
    except runtime.MissingRuntime as error:
        print(f"the site's files could not be written: {error}", file=sys.stderr)
        return 1
    print(f"{len(written)} files in {', '.join(str(docs / f) for f in FOLDERS)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
