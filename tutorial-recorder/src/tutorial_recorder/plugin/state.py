"""What the plugin keeps for one pytest process, where its tests and fixtures find it: the
project it works on and the slow work started ahead (``config.stash[STATE]``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project.paths import Project


@dataclass(frozen=True)
class State:
    project: Project
    ahead: Ahead


STATE = pytest.StashKey[State]()
