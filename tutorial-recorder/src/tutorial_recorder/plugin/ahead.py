"""Slow work the selected tests will need, started right after collection, side by side.

Some tests wait on other processes: a step's recording, a real run of a step on the warm
server, a cold ``python <module>`` (an interpreter of its own that spends most of its time
importing sqlmodel), or whole pytest runs. Run when each test comes, one at a time, they
would leave the other cores idle. Instead the plugin starts, right after collection,
every piece of work that a selected test names, on as many threads as there are cores
(each only waits for its process), while the tests run; a test then only takes its result
from the ``tutorial_ahead`` fixture:

- the ``tutorial_run`` fixture: every step's recording, started when any selected test uses it (on
  PostgreSQL too when a selected test uses it there);
- ``@pytest.mark.real_run(module)``: ``tutorial_ahead.real_run(module)``, the module run with
  nothing
  replaced on the warm server (``tutorial_recorder.runner.recorder.plain``);
- ``@pytest.mark.cold_run(module, *hash_seeds)``: ``tutorial_ahead.cold_run(module, hash_seed)``, a
  new interpreter in the recordings' sandbox (``tutorial_recorder.runner.bare``), with the
  environment the session had when it started;
- ``@pytest.mark.ahead.with_args(function)`` (``with_args``, or pytest would take the
  function for the test): ``tutorial_ahead.result(function)``, what ``function()`` returned.
  These are the long pieces (whole pytest runs, an install): they have threads of their
  own, so each starts at once instead of after every recording, and the last one to end
  does not run alone on one core while the others wait.

Under xdist the workers already share the cores, and a worker does not know which tests it
will get: there, each piece starts when its test asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast

from tutorial_recorder.databases.base import Database
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records.transcript import Transcript
from tutorial_recorder.runner import bare, recorder
from tutorial_recorder.runner.cores import cores

T = TypeVar("T")
MARKERS = (
    "real_run(module): the test uses a real run of module on the warm server, started ahead "
    "(tutorial_recorder.plugin.ahead)",
    "cold_run(module, *hash_seeds): the test uses runs of module in a new interpreter, one for "
    "each hash seed (one random one if none is given), started ahead "
    "(tutorial_recorder.plugin.ahead)",
    "ahead(function): the test uses what function() returns, started ahead "
    "(tutorial_recorder.plugin.ahead)",
)


class Ahead:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._pool = ThreadPoolExecutor(cores(), "ahead")
        self._long = ThreadPoolExecutor(cores(), "ahead-long")
        self._started: dict[object, Future[Any]] = {}
        self._environ = dict(os.environ)  # a test may change os.environ while a run starts

    def start_recording(self, module: Path, on: Database = MAIN) -> None:
        key = ("record", module.resolve(), on)
        self._start(key, recorder.record, self.project, module.resolve(), on=on)

    def recording(self, module: Path, on: Database = MAIN) -> Transcript:
        """The step's transcript on database ``on``, as ``recorder.record`` returns it (or its
        ``StepError``)."""
        self.start_recording(module, on)
        return cast(Transcript, self._started[("record", module.resolve(), on)].result())

    def start_real_run(self, module: Path) -> None:
        self._start(("plain", module.resolve()), recorder.plain, self.project, module.resolve())

    def real_run(self, module: Path) -> bare.BareRun:
        """The run's outcome; its ``text`` is normalised without the models' field orders, so
        compare ``normalise(run.output, transcript.field_orders)``."""
        self.start_real_run(module)
        return cast(bare.BareRun, self._started[("plain", module.resolve())].result())

    def start_cold_run(self, module: Path, *hash_seeds: str) -> None:
        for hash_seed in hash_seeds or ("random",):
            self._start(
                ("cold", module.resolve(), hash_seed),
                bare.run,
                module.resolve(),
                hash_seed=hash_seed,
                root=self.project.root,
                environ=self._environ,
                limited=self.project.limits,
            )

    def cold_run(self, module: Path, hash_seed: str = "random") -> bare.BareRun:
        """As ``real_run``, in a new interpreter with ``hash_seed``."""
        self.start_cold_run(module, hash_seed)
        return cast(bare.BareRun, self._started[("cold", module.resolve(), hash_seed)].result())

    def start(self, function: Callable[[], object]) -> None:
        if function not in self._started:
            self._started[function] = self._long.submit(function)

    def result(self, function: Callable[[], T]) -> T:
        self.start(function)
        return cast(T, self._started[function].result())

    def _start(self, key: object, function: Callable[..., object], *args: Any, **kw: Any) -> None:
        if key not in self._started:
            self._started[key] = self._pool.submit(function, *args, **kw)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._long.shutdown(wait=True, cancel_futures=True)
