"""A record on disk: read exactly, written atomically, and what is wrong with one.

A record is UTF-8 text with ``\\n`` line ends and no byte order mark, exactly the bytes a
run produces. It is read as bytes, without newline translation, so a record edited to CRLF
line ends or saved with a BOM differs from the run, and ``defect`` says how in words.

``write`` replaces a record in one step: the new bytes go to a temporary file in the same
folder, which ``os.replace`` then renames over the record. A process killed at any moment
leaves the record as it was or wholly new (and at worst a ``.partial`` file beside it), and
a reader at the same time sees the old bytes or the new ones, never a part.

A record is data in the project, so none is reached through a symbolic link: a record that
is one, or one in a folder that is one (or in a folder inside one), is never read, written
or replaced. ``read`` finds no record there, ``defect`` names the link, and ``write`` (and
so ``--inline-snapshot=fix``) refuses it with ``Refused``, so that a link cannot make a
command print, or overwrite, a file outside the project. The records folder is read from
the project's configuration resolved (``tutorial_recorder.project.config``), so a record's path is
that real folder and the names below it: any link on it is one of those names.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from tutorial_recorder.project.paths import Project

PARTIAL = ".partial"
BOM = b"\xef\xbb\xbf"


class Refused(OSError):
    """A record reached through a symbolic link, never written through it."""


def link_to(record: Path) -> Path | None:
    """The symbolic link on the way to ``record`` (itself, or a folder it is in), if there
    is one: the outermost."""
    absolute = Path(os.path.abspath(record))
    links = [path for path in (absolute, *absolute.parents) if path.is_symlink()]
    return links[-1] if links else None


def refused(record: Path) -> None:
    """Raise ``Refused`` naming the link if ``record`` is reached through one."""
    link = link_to(record)
    if link is not None:
        raise Refused(_through(str(record), str(link), link == Path(os.path.abspath(record))))


def read(record: Path) -> str | None:
    """The record's text, exactly as stored; ``None`` if there is no file, or it is reached
    through a symbolic link (see ``defect``)."""
    if link_to(record) is not None or not record.is_file():
        return None
    return record.read_bytes().decode("utf-8", errors="surrogateescape")


def defect(project: Project, record: Path) -> str | None:
    """What makes ``record`` something no run writes, in a sentence naming it; ``None`` if
    it is missing or a plain record (which may still differ from a run)."""
    name = _name(project, record)
    link = link_to(record)
    if link is not None:
        through = _through(name, _name(project, link), link == Path(os.path.abspath(record)))
        return f"{through} Remove the link, then record the step again."
    if record.is_dir():
        return f"{name} is a folder, not a record file. Remove it, then record the step again."
    if record.exists() and not record.is_file():
        return f"{name} is not a regular file. Remove it, then record the step again."
    if not record.exists():
        return None
    return _unlike_a_run(name, record.read_bytes())


def _unlike_a_run(name: str, data: bytes) -> str | None:
    """What in ``data``, the bytes of the record ``name``, no run writes; None if nothing."""
    if data.startswith(BOM):
        return f"{name} starts with a byte order mark, which no run writes."
    if b"\r\n" in data:
        return f"{name} has CRLF line ends; a run writes \\n only."
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{name} is not UTF-8 (byte {error.start}), which every run writes."
    return None


def holds(record: Path, text: str) -> bool:
    """Whether ``record`` is exactly ``text`` and a plain record (``defect`` finds nothing in
    it), from one read of the file: what a record test asks first, and almost always."""
    if link_to(record) is not None:
        return False
    try:
        descriptor = os.open(record, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # missing, or not a file it can read
        return False
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a folder, a FIFO: never read
        os.close(descriptor)
        return False
    with os.fdopen(descriptor, "rb") as file:
        data = file.read()
    return _unlike_a_run("", data) is None and data.decode("utf-8") == text


def write(record: Path, data: bytes) -> None:
    """Replace ``record`` with ``data`` in one step (see the docstring above); ``Refused``
    if it is reached through a symbolic link."""
    refused(record)
    record.parent.mkdir(parents=True, exist_ok=True)
    partial = record.with_name(f".{record.name}.{secrets.token_hex(4)}{PARTIAL}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, record)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise


def _name(project: Project, path: Path) -> str:
    """``path`` from the project's root, as messages write it, its links not followed."""
    absolute = Path(os.path.abspath(path))
    root = project.root
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


def _through(name: str, link: str, itself: bool) -> str:
    if itself:
        return f"{name} is a symbolic link; a record is a file, never read or written through one."
    return (
        f"{name} is in {link}, a symbolic link; a record is a file in the records folder, "
        "never read or written through a link."
    )
