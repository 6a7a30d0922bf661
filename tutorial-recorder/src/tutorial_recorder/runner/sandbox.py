"""Confine a step with the kernel: its own mount, PID, IPC and network namespaces.

On Linux, where this process may make namespaces (as root, or as a user when the kernel
allows unprivileged user namespaces), each step runs confined, and the warm server stays
(every process here is a fork of it; no interpreter starts per step):

- the server (``tutorial_recorder.runner.server``) forks each supervisor as the first process
  (PID 1) of a new PID namespace (``fork``: ``unshare(CLONE_NEWPID)``, fork, then back to
  its own with ``setns``; as a user, the server first moves into a user and PID namespace
  of its own, ``start_server``, since only there may it enter its own again). The step is
  the supervisor's child, PID 2, so a signal it sends itself ends it as in a real run (PID
  1 ignores them). When the step ends, the supervisor kills every process left in the
  namespace (``end_namespace``), a double-forked ``setsid`` one included; when the
  supervisor ends, the kernel does;
- the step's process (``enter``) unshares a mount, an IPC and a network namespace (which
  has only a loopback, down), makes every mount read-only (``mount_setattr`` with
  ``AT_RECURSIVE``) but a bind mount of each writable folder (the step's temporary folder,
  and the folder of the file ``run --db FILE`` names, where SQLite writes its journal),
  and mounts a ``/proc`` of its namespace;
- it keeps one capability, ``CAP_DAC_OVERRIDE`` (a step run by root still reads and
  connects where root may: PostgreSQL's socket folder stays reachable, as a Unix socket
  connects on a read-only mount and from another network namespace), with
  ``no_new_privs``: it cannot mount, remount, or gain a capability again, and a user
  namespace it makes sees the mounts locked.

``wanted`` reads ``TUTORIAL_RECORDER_SANDBOX``: ``audit`` runs the steps without namespaces, as
where they cannot be made (macOS, a locked-down container); the audit hook
(``tutorial_recorder.runner.writes``) is then the only watch. ``guarantee`` says, in one line,
which holds here (pytest's report header, ``companion run``'s summary).
Python 3.11 has no ``os.unshare``: the system calls are made through ``ctypes``, which
keeps the fork server (bubblewrap would start a new interpreter for every step).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

KERNEL, AUDIT = "kernel", "audit"
VARIABLE = "TUTORIAL_RECORDER_SANDBOX"
CONFINED = "steps sandboxed by the kernel (mount, PID and network namespaces)"

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE = 442, -100, 0x8000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 1, 2, 4
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = (
    1,
    24,
    38,
    47,
    4,
)
CAP_DAC_OVERRIDE, CAPABILITY_VERSION_3 = 1, 0x20080522


class _MountAttr(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in ("set", "clr", "propagation", "userns_fd")]


def wanted() -> str:
    """``audit`` when ``TUTORIAL_RECORDER_SANDBOX=audit`` asks for no namespaces, else
    ``kernel``."""
    return AUDIT if os.environ.get(VARIABLE, "").strip().lower() == AUDIT else KERNEL


_own_pid_ns: int | None = None
"""The server's descriptor on its own PID namespace: entered again after each fork."""


def start_server() -> None:
    """In the warm server, before its first request: as a user (not root), move into a
    user and PID namespace of its own, so it may make a PID namespace for each step; the
    process that started stays outside, waits, and ends as the server ends."""
    global _own_pid_ns
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        if os.geteuid() != 0:
            _own_pid_namespace()
            server = os.fork()
            if server != 0:
                os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # the channel closes in the server
                _, waited = os.waitpid(server, 0)
                os._exit(os.waitstatus_to_exitcode(waited) & 0xFF)
        _own_pid_ns = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)


def fork(mode: object) -> tuple[int, bool]:
    """In the server: fork a supervisor, the first process (PID 1) of a new PID namespace
    when ``mode`` is ``kernel`` and the kernel allows it. The pid, and whether it is one."""
    confined = mode == KERNEL and _own_pid_ns is not None
    if confined:
        try:
            _check(_libc().unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")
        except OSError:
            confined = False
    pid = os.fork()
    if pid == 0:
        if _own_pid_ns is not None:
            os.close(_own_pid_ns)
        if confined:  # told of the server's end, as getppid() is 0 outside the namespace
            _libc().prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    elif confined:  # the next supervisor in a namespace of its own again
        _check(_libc().setns(_own_pid_ns, CLONE_NEWPID), "setns(CLONE_NEWPID)")
    return pid, confined


def enter(writable: Sequence[Path], control: int) -> None:
    """In the step's process (PID 2 of its namespace): its mount, IPC and network
    namespaces, read-only mounts but ``writable``, one capability left. On failure, says so
    on ``control`` and ends the process."""
    try:
        _confine(writable)
        _drop_privileges()
    except OSError as error:
        message = json.dumps({"failure": f"could not be sandboxed: {error}"}) + "\n"
        with contextlib.suppress(OSError):
            os.write(control, message.encode())
        os._exit(1)


def end_namespace() -> None:
    """In the supervisor, the first process of the namespace: kill every other process in
    it (a double-forked ``setsid`` one included) and reap them, so none runs on while the
    database is dumped and the folder removed."""
    if os.getpid() != 1:  # only ever in a namespace of the step's own
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(-1, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        while True:
            os.waitpid(-1, 0)


_probing: subprocess.Popen[str] | None = None
"""The probe ``probe_ahead`` started, which ``guarantee`` reads."""


def probe_ahead() -> None:
    """Start the probe ``guarantee`` reads (a new interpreter) now, without waiting for it,
    so the line is ready when it is asked for (pytest's report header)."""
    global _probing
    known = guarantee.cache_info().currsize > 0
    if _probing is None and not known and sys.platform.startswith("linux"):
        _probing = _probe_process()


def _probe_process() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tutorial_recorder.runner.sandbox"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@functools.cache
def guarantee() -> str:
    """One line: which guarantee holds for the steps run from this process."""
    global _probing
    probe, _probing = _probing, None  # each probe read once
    if wanted() == AUDIT:
        if probe is not None:  # started before TUTORIAL_RECORDER_SANDBOX was set: not needed
            probe.kill()
            probe.communicate()
        return f"steps watched by an audit hook only: {VARIABLE}=audit"
    if not sys.platform.startswith("linux"):
        return f"steps watched by an audit hook only: no namespaces on {sys.platform}"
    said, why = (probe or _probe_process()).communicate()
    return said.strip() or f"steps watched by an audit hook only: {why.strip()}"


def _probe() -> str:
    """Make the namespaces and mounts as for a step, in a process that then ends."""
    try:
        _own_pid_namespace()
    except OSError as error:
        return f"steps watched by an audit hook only: namespaces cannot be made ({error})"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        message = ""
        try:
            _confine(())
            _drop_privileges()
        except OSError as error:
            message = f"the mounts cannot be made read-only ({error})"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    said = os.read(read, 4096).decode()
    os.waitpid(pid, 0)
    return f"steps watched by an audit hook only: {said}" if said else CONFINED


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _own_pid_namespace() -> None:
    libc = _libc()
    if os.geteuid() != 0:
        uid, gid = os.geteuid(), os.getegid()
        _check(libc.unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1")):
            Path(f"/proc/self/{name}").write_text(text)
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    _check(libc.unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")


def _confine(writable: Sequence[Path]) -> None:
    libc = _libc()
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    for folder in writable:
        name = os.fsencode(folder)
        _check(libc.mount(name, name, None, MS_BIND | MS_REC, None), f"mount --bind {folder}")
    _set(libc, b"/", AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0)
    for folder in writable:
        _set(libc, os.fsencode(folder), 0, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, MOUNT_ATTR_RDONLY)
    flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
    libc.mount(b"proc", b"/proc", b"proc", flags, None)  # the namespace's own; else the old one


def _set(libc: ctypes.CDLL, path: bytes, flags: int, on: int, off: int) -> None:
    attr = _MountAttr(on, off, 0, 0)
    found = libc.syscall(
        SYS_MOUNT_SETATTR, AT_FDCWD, path, flags, ctypes.byref(attr), ctypes.sizeof(attr)
    )
    _check(found, f"mount_setattr {os.fsdecode(path)}")


def _drop_privileges() -> None:
    """Keep only ``CAP_DAC_OVERRIDE``, and never gain another (``no_new_privs``)."""
    libc = _libc()
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for capability in range(last + 1):
        if capability != CAP_DAC_OVERRIDE:
            _check(libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0), "PR_CAPBSET_DROP")
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    kept = 1 << CAP_DAC_OVERRIDE
    data = (ctypes.c_uint32 * 6)(kept, kept, 0, 0, 0, 0)  # effective, permitted, inheritable
    _check(libc.capset(header, data), "capset")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS")


if __name__ == "__main__":
    print(_probe())
