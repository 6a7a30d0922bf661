"""The names the recording process and the step's processes share, in a module that imports
nothing, so the recording process does not import what only a step needs (sqlmodel,
pydantic) to know them: the modes of a request, the status of a killed step, and the
prefix of every step's temporary folder."""

from __future__ import annotations

RECORD, PLAIN = "record", "plain"
"""A recorded run (marks, the step's database) and a run with nothing replaced
(``tutorial_recorder.runner.child``)."""
KILLED = "killed"
"""The report's status of a step that was killed (``tutorial_recorder.runner.supervisor``)."""
FOLDER_PREFIX = "companion-step-"
"""How the name of every step's temporary folder begins: the recording process removes only
such a folder when a supervisor never reports (``tutorial_recorder.runner.client``)."""
