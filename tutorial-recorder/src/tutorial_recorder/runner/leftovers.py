"""The SQLite databases a real run leaves in its working folder, whatever their names.

A recording points every engine at the step's own database file, whatever the module's URL
says (``tutorial_recorder.runner.engine``); a real run writes the file its URL names:
``database.db``, ``heroes.db``, or one in a folder of its own. The supervisor lists every
SQLite database under the run's working folder (a file that starts with SQLite's header;
journals and symbolic links left aside) and dumps each as a recording's state is dumped,
so a real run is compared with its record whatever its file is called, and a run that
leaves another file, or several, is named.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tutorial_recorder.databases import sqlite

HEADER = b"SQLite format 3\x00"
EMPTY = "BEGIN TRANSACTION;\nCOMMIT;\n"
"""The dump of a database with nothing in it (``sqlite.dump_file`` of a missing file)."""


def databases(folder: Path, keep: str | None = None) -> list[tuple[str, str]]:
    """Each SQLite database under ``folder``: its path from there and its dump, in path
    order. With ``keep``, a copy of the one database there is left at that path (none is
    made when there are several)."""
    found: list[tuple[str, Path]] = []
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in names:
            path = Path(parent, name)
            if not path.is_symlink() and _starts_as_sqlite(path):
                found.append((path.relative_to(folder).as_posix(), path))
    found.sort()
    if keep is not None and len(found) == 1:
        shutil.copyfile(found[0][1], keep)
    return [(name, sqlite.dump_file(path)) for name, path in found]


def _starts_as_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(HEADER)) == HEADER
    except OSError:
        return False


def state(found: list[tuple[str, str]]) -> str:
    """The run's state, as a recording's: the dump of its one database that holds
    anything, or of an empty one (none, or several: ``mismatch`` names them)."""
    full = [dump for _, dump in found if dump != EMPTY]
    return full[0] if len(full) == 1 else EMPTY


def mismatch(found: list[tuple[str, str]], recorded: str) -> tuple[str, str] | None:
    """Why the databases ``found`` are not the one a recording left (its dump ``recorded``):
    a sentence naming the files, and the dump to show against the record; None when they
    are. Empty databases count as none, as an empty recording's state is."""
    full = [(name, dump) for name, dump in found if dump != EMPTY]
    if not full:
        return None if recorded == EMPTY else ("left no database", EMPTY)
    if len(full) > 1:
        names = ", ".join(name for name, _ in full)
        return f"left {len(full)} databases ({names}) where its recording left one", full[0][1]
    name, dump = full[0]
    if dump == recorded:
        return None
    return f"left {name}, another database than its recording", dump
