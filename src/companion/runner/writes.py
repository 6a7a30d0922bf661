"""Refuse, and name, every file a recorded step would write outside its temporary folder.

A recorded step may write only in its temporary folder (its working folder and its
database's) and in the database file ``run --db FILE`` names. An audit hook
(``sys.addaudithook``: it cannot be removed, and the step's process ends with the step)
sees every path the module opens for writing, creates, renames, removes, changes or
connects SQLite to. Anywhere else (the project tree, the module's own folder, any other
folder) the call raises ``PermissionError`` before anything is written, and the path is
noted; the supervisor then fails the step naming it. Paths are resolved against the working
folder at the time of the call.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_NAMED = {
    "os.mkdir": 0, "os.rmdir": 0, "os.remove": 0, "os.rename": 0, "os.replace": 0,
    "os.link": 1, "os.symlink": 1, "os.truncate": 0, "os.chmod": 0, "os.utime": 0,
    "shutil.copyfile": 1, "shutil.rmtree": 0,
}  # fmt: skip
"""Audit events that change the file system, and which argument names the path changed."""

_seen: list[str] = []
_allowed: tuple[str, ...] = ()


def watch(*, folders: Sequence[Path], files: Sequence[Path] = ()) -> None:
    """From now on, note every write outside ``folders`` and ``files`` (a database file
    with its journal)."""
    global _allowed
    _allowed = (
        *(str(folder.resolve()) + os.sep for folder in folders),
        *(str(file.resolve()) for file in files),
    )
    sys.addaudithook(_hook)


def outside() -> list[str]:
    """The paths written outside the allowed folders so far, each once, in order."""
    return list(dict.fromkeys(_seen))


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "open":
        path, mode, flags = args
        if not _writes(mode, flags):
            return
    elif event == "sqlite3.connect":
        path = args[0]
        if path in (":memory:", b":memory:", "") or str(path).startswith("file::memory:"):
            return
    elif event in _NAMED:
        path = args[_NAMED[event]]
    else:
        return
    if isinstance(path, int) or path is None:  # a descriptor already open
        return
    _note(os.fsdecode(path))


def _writes(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax+")
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _note(path: str) -> None:
    full = os.path.abspath(path)
    if not full.startswith(_allowed):
        _seen.append(full)
        raise PermissionError(f"a recorded step writes only in its temporary folder: {full}")
