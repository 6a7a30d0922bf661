"""inline-snapshot reads and writes every record through ``tutorial_recorder.records.files``.

inline-snapshot stores an external file by copying its new value over the old one
(``shutil.copy``: truncate, then write), so a run killed in the middle leaves a truncated
record and a reader at the same time can see an empty one. The one place it writes such a
file is ``FileLocation.store``; ``install`` replaces that method, for this process, by a
write of a temporary file in the same folder renamed over the record.

``external_file`` resolves the path it is given, symbolic links included, before it reads
the old value or writes the new one, so a record that is a link (or in a folder that is
one) would be compared with, and replaced by, the file outside the project it leads to.
``install`` makes the record tests' ``external_file`` (``tutorial_recorder.plugin.collected``)
refuse such a record first, by name (``files.Refused``), as ``files.write`` does.
"""

from __future__ import annotations

from pathlib import Path

from inline_snapshot import external_file
from inline_snapshot._external._external_location import FileLocation

from tutorial_recorder.plugin import collected
from tutorial_recorder.records import files


def _store(location: FileLocation, new_file: Path) -> None:
    files.write(location._filename, new_file.read_bytes())


def _unlinked_external_file(path: Path, *, format: str | None = None) -> object:
    """``external_file(path)``, or ``files.Refused`` if ``path`` is reached through a link."""
    files.refused(path)
    return external_file(path, format=format)


def install() -> None:
    """Make inline-snapshot's file store atomic, and the record tests refuse a linked record,
    once per process."""
    FileLocation.store = _store  # type: ignore[method-assign, assignment]
    collected.external_file = _unlinked_external_file  # type: ignore[attr-defined, assignment]
