"""Refuse, and name, every file a step would write outside its temporary folder.

A step may write only in its temporary folder (its working folder and its database's) and
in the database file ``run --db FILE`` names. An audit hook (``sys.addaudithook``: it
cannot be removed, and the step's process ends with the step) sees every path the module
opens for writing, creates, renames (both ends), links (both ends), removes, changes or
connects SQLite to (a ``file:`` URI by its path). Each path is taken as the kernel would
take it: relative to the ``dir_fd`` given, or to the working folder at the time of the
call, then with every symbolic link resolved (``realpath``), so a link made inside the
folder does not lead out of it. Anywhere else (the project tree, the module's own folder,
any other folder) the call raises ``PermissionError`` before anything is written, and the
path is noted; the supervisor then fails the step naming it.

It also refuses ``os.open`` of a directory outside the folder (a descriptor that could be
a ``dir_fd``), keeps SQLite from attaching another file (``ATTACH``, ``VACUUM INTO``: the
limit of attached databases is 0 on every connection ``sqlite3.connect`` makes), and,
where the kernel does not confine the step (``tutorial_recorder.runner.sandbox``), refuses to run
programs (``os.system``, ``subprocess``, ``os.exec*``, ``posix_spawn``), whose writes it
cannot see. What it allows is kept in the hook's closure: nothing in the module
(``writes._allowed`` included) widens it. C code (``ctypes``, an extension) is beyond any
audit hook: there the kernel is the boundary, where it can be.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_CHANGES = {
    "os.mkdir": ((0, 2),), "os.rmdir": ((0, 1),), "os.remove": ((0, 1),),
    "os.rename": ((0, 2), (1, 3)), "os.replace": ((0, 2), (1, 3)),
    "os.link": ((0, 2), (1, 3)), "os.symlink": ((1, 2),), "os.truncate": ((0, None),),
    "os.chmod": ((0, 2),), "os.chown": ((0, 3),), "os.utime": ((0, 3),),
    "os.mkfifo": ((0, 1),), "os.mknod": ((0, 1),), "os.setxattr": ((0, None),),
    "os.removexattr": ((0, None),), "shutil.copyfile": ((1, None),),
    "shutil.rmtree": ((0, 1),), "shutil.move": ((0, None), (1, None)),
}  # fmt: skip
"""Audit events that change the file system: for each path they change, the index of the
path's argument and of its ``dir_fd`` (None: relative to the working folder)."""
_OWN_NAME = {"os.remove", "os.rmdir", "os.rename", "os.replace", "os.symlink", "shutil.move"}
"""Events that change the name itself, not what a symbolic link of that name leads to."""
_PROGRAMS = ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn")
_UNAUDITED = ("mkfifo", "mknod")
"""``os`` functions that raise no audit event of their own (Python 3.11): wrapped to raise
one, with the arguments ``(path, dir_fd)``."""


class Watch:
    """What a watch refused: paths written outside the folder, programs it did not run."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.programs: list[str] = []

    def outside(self) -> list[str]:
        """The paths written outside the allowed folders so far, each once, in order."""
        return list(dict.fromkeys(self.written))


def watch(*, folders: Sequence[Path], files: Sequence[Path] = (), programs: bool = True) -> Watch:
    """From now on, refuse and note every write outside ``folders`` and ``files`` (a
    database file with its journal); with ``programs=False``, every program run too."""
    allowed = (
        *(str(folder.resolve()) + os.sep for folder in folders),
        *(str(file.resolve()) for file in files),
    )
    found = Watch()

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event.startswith(_PROGRAMS) and not programs:
            found.programs.append(_command(args))
            raise PermissionError(f"a step watched by the audit hook only runs no program: {event}")
        for path in _changed(event, args):
            if not path.startswith(allowed):
                found.written.append(path)
                raise PermissionError(
                    f"a recorded step writes only in its temporary folder: {path}"
                )

    sys.addaudithook(hook)
    sqlite3.connect = sqlite3.dbapi2.connect = _attaching_nothing(sqlite3.connect)
    for name in _UNAUDITED:
        if hasattr(os, name):
            setattr(os, name, _audited(name, getattr(os, name)))
    return found


def _changed(event: str, args: tuple[Any, ...]) -> Iterator[str]:
    """The real paths ``event`` writes to, if it writes."""
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int) or path is None:  # a descriptor already open
            return
        if _writes(mode, flags) or (mode is None and os.path.isdir(_real(path, None))):
            yield _real(path, None)
    elif event == "sqlite3.connect":
        if (path := _sqlite_file(args[0])) is not None:
            yield _real(path, None)
    elif event in _CHANGES:
        for at, dir_fd in _CHANGES[event]:
            yield _real(args[at], None if dir_fd is None else args[dir_fd], event in _OWN_NAME)


def _writes(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax+")
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _sqlite_file(database: object) -> str | None:
    """The file ``sqlite3.connect(database)`` opens; None for a database in memory."""
    name = os.fsdecode(database) if isinstance(database, (str, bytes)) else str(database)
    if name in (":memory:", ""):
        return None
    if not name.startswith("file:"):
        return name
    parts = urlsplit(name)
    if "mode=memory" in parts.query or parts.path in ("", ":memory:"):
        return None
    return unquote(parts.path)


def _real(path: object, dir_fd: object, own_name: bool = False) -> str:
    """``path`` as the kernel finds it, every symbolic link resolved (but the last, for
    ``own_name``)."""
    if isinstance(path, int):
        return _descriptor(path)
    name = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(name):
        name = os.path.join(_descriptor(dir_fd), name)
    if own_name:
        folder, last = os.path.split(os.path.abspath(name))
        return os.path.join(os.path.realpath(folder), last)
    return os.path.realpath(name)


def _descriptor(fd: int) -> str:
    """The path descriptor ``fd`` is open on (Linux's ``/proc/self/fd``); a name that no
    folder allows when it cannot be known."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return f"<descriptor {fd}>"


def _command(args: tuple[Any, ...]) -> str:
    first = args[0] if args else ""
    return os.fsdecode(first) if isinstance(first, (str, bytes)) else str(first)


def _audited(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def audited(path: Any, *args: Any, **kwargs: Any) -> Any:
        sys.audit(f"os.{name}", path, kwargs.get("dir_fd"))
        return function(path, *args, **kwargs)

    return audited


def _no_attach(action: int, *_: object) -> int:
    return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_ATTACH else sqlite3.SQLITE_OK


def _attaching_nothing(connect: Callable[..., sqlite3.Connection]) -> Callable[..., Any]:
    """``sqlite3.connect`` giving connections that attach no other file: ``ATTACH`` and
    ``VACUUM INTO`` fail with "too many attached databases - max 0"."""

    def attaching_nothing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        if sys.version_info >= (3, 11):
            connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        else:  # Python 3.10 has no setlimit: an authorizer refuses the attachment instead
            connection.set_authorizer(_no_attach)
        return connection

    return attaching_nothing
