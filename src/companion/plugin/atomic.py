"""inline-snapshot reads and writes every record through ``companion.records.files``.

inline-snapshot stores an external file by copying its new value over the old one
(``shutil.copy``: truncate, then write), so a run killed in the middle leaves a truncated
record and a reader at the same time can see an empty one. The one place it writes such a
file is ``FileLocation.store``; ``install`` replaces that method, for this process, by a
write of a temporary file in the same folder renamed over the record.

``external_file`` resolves the path it is given, symbolic links included, before it reads
the old value or writes the new one: the record tests (``companion.plugin.collected``)
refuse a linked record by name before they call it (``files.refused``).
"""

from __future__ import annotations

from pathlib import Path

from inline_snapshot._external._external_location import FileLocation

from companion.records import files


def _store(location: FileLocation, new_file: Path) -> None:
    files.write(location._filename, new_file.read_bytes())


def install() -> None:
    """Make inline-snapshot's file store atomic, once per process."""
    FileLocation.store = _store  # type: ignore[method-assign, assignment]
