"""What one step may use, and what to say when it uses more.

The project's limits (``tutorial_recorder.project.paths.Limits``, read from
``[tool.tutorial-recorder]``)
travel in the step's request, and are enforced in three places:

- in the step's process, before its module runs, by the kernel (``apply``): its memory
  (``RLIMIT_DATA`` on Linux, which counts the heap and every private writable mapping but
  not the libraries' code or reserved address space; ``RLIMIT_AS`` elsewhere), the size of
  any file it writes (``RLIMIT_FSIZE``: the write fails with ``EFBIG``, as Python ignores
  ``SIGXFSZ``) and its open descriptors (``RLIMIT_NOFILE``);
- by the supervisor, the number of processes in the step's process group (``processes``),
  counted from ``/proc`` while it runs: past the limit the whole group is killed.
  ``RLIMIT_NPROC`` cannot say this: root is exempt from it, and for anyone else it counts
  every process and thread of the user on the machine, not the step's;
- by the recording process (``tutorial_recorder.runner.client``), what the step prints: past the
  limit it keeps the first part and kills the step.

A step that runs as root may raise its own ``setrlimit`` limits again; the process count,
the output limit and the time limit are enforced from outside the step and hold whatever
it does.
"""

from __future__ import annotations

import errno
import os
import resource
import sys
from dataclasses import asdict

from tutorial_recorder.project.paths import KiB, Limits, MiB

MEMORY = resource.RLIMIT_DATA if sys.platform == "linux" else resource.RLIMIT_AS
_KERNEL = {
    "memory": MEMORY,
    "file_size": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}
PROC = "/proc"


def request(limits: Limits) -> dict[str, int]:
    """The limits as a step's request carries them."""
    return asdict(limits)


def apply(wanted: dict[str, int]) -> None:
    """Set the kernel's limits of this process (the step's), soft and hard, never above a
    hard limit it already has."""
    for name, which in _KERNEL.items():
        if name not in wanted:
            continue
        _, hard = resource.getrlimit(which)
        value = wanted[name] if hard == resource.RLIM_INFINITY else min(wanted[name], hard)
        resource.setrlimit(which, (value, value))


def processes_in_group(group: int) -> int | None:
    """How many live processes are in process group ``group``; None where ``/proc`` is not
    there to count them."""
    try:
        names = os.listdir(PROC)
    except OSError:
        return None
    count = 0
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"{PROC}/{name}/stat", "rb") as stat:
                fields = stat.read().rpartition(b")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if len(fields) > 2 and fields[2] == str(group).encode() and fields[0] not in b"ZX":
            count += 1
    return count


def size(number: int) -> str:
    """``16 MiB``, ``512 KiB``, ``100 bytes``."""
    for unit, name in ((1 << 30, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
        if number >= unit and number % unit == 0:
            return f"{number // unit} {name}"
    return f"{number} bytes"


def too_many_processes(limit: int) -> str:
    return (
        f"had more than {limit} processes at once, the most a step may have "
        "(process_limit in [tool.tutorial-recorder]): they were all killed."
    )


def printed_too_much(limit: int) -> str:
    return (
        f"printed more than {size(limit)}, the most a step may print "
        "(output_limit in [tool.tutorial-recorder]): it was stopped there."
    )


def reached(name: str, message: str, limits: Limits) -> str | None:
    """What the step's final error says of its limits, if it is one of theirs: the
    ``MemoryError`` of an allocation past the memory limit, the ``OSError`` of a write past
    the file size limit or of an open past the open files limit."""
    if name == "MemoryError":
        return (
            f"ran out of memory: a step may allocate {size(limits.memory)} "
            "(memory_limit in [tool.tutorial-recorder])."
        )
    if message.startswith(f"[Errno {errno.EFBIG}]"):
        return (
            f"wrote a file larger than {size(limits.file_size)}, the most a step may write "
            "(file_size_limit in [tool.tutorial-recorder])."
        )
    if message.startswith(f"[Errno {errno.EMFILE}]"):
        return (
            f"had more than {limits.open_files} files open at once, the most a step may have "
            "(open_files_limit in [tool.tutorial-recorder])."
        )
    return None
