"""A cold real run's process: a new interpreter, ``python <module>``, inside the step's sandbox.

``tutorial_recorder.runner.bare`` asks the warm server for a run in this mode. The supervisor
makes the step's folder and forks the step's process as for a recording: the same limits
(``tutorial_recorder.runner.limits``), the same kernel sandbox
(``tutorial_recorder.runner.sandbox``: every mount read-only but the step's temporary folder,
no network), the same time limit and the same end (every process left killed). Then,
instead of running the module in the warm interpreter, the process replaces itself
(``execve``) with ``python <module>`` (or ``python -m package.module``), in the empty
working folder, with stdin from ``/dev/null``, descriptors 1 and 2 on the terminal pipe,
and the environment of the request: the caller's, so a URL read from an environment
variable is the one a learner's shell would give, and the kernel keeps it from writing
anywhere but the step's folder.

The audit hook (``tutorial_recorder.runner.writes``) does not survive ``execve``: where the kernel
does not confine the step (``TUTORIAL_RECORDER_SANDBOX=audit``, macOS), a cold run has the
limits and the supervision, not the write watch.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MODE = "cold"


def start(request: dict[str, Any], terminal: int, control: int, folder: Path) -> None:
    """Become ``request["command"]`` in ``folder``; never returns (on failure, says why on
    ``control`` and ends)."""
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        for source, target in ((null, 0), (terminal, 1), (terminal, 2)):
            os.dup2(source, target)  # stdin from /dev/null, 1 and 2 on the terminal pipe
        os.close(null)
        os.close(terminal)
        os.set_inheritable(control, True)  # open until the run ends, as the supervisor expects
        os.chdir(folder)
        command = [str(word) for word in request["command"]]
        environ = {str(key): str(value) for key, value in request["environ"].items()}
        os.execve(command[0], command, environ)
    except OSError as error:
        message = f'{{"failure": "could not be started: {type(error).__name__}", "ran": false}}\n'
        os.write(control, message.encode())
    os._exit(1)
