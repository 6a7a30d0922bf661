"""MariaDB: a step's database is a new database and user on the test session's own server
(``server``), or a new database on a learner's MariaDB or MySQL server named by URL
(``given``).

The step is recorded as on SQLite, its ``sqlite:///...`` URL pointed at that database
through PyMySQL, every other argument kept and the module unmodified: what SQLite accepts
and MariaDB does not shows in the record. Afterwards the database is dumped (``dump``) and
dropped, with its user.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from tutorial_recorder.databases.base import Database, StepDatabase
from tutorial_recorder.databases.mariadb import server
from tutorial_recorder.databases.mariadb.dump import dump
from tutorial_recorder.databases.mariadb.given import Given

Host = server.Server | Given


class MariaDB(Database):
    """The test session's own server, started on first use (``server.shared``); with a
    ``url``, a learner's server (``companion run --url mysql+pymysql://...``), whose runs
    compare with the MariaDB records."""

    name = "mariadb"
    label = "MariaDB"
    require_variable = server.REQUIRE_VARIABLE
    run_note = (
        "With `--on mariadb` it runs on a MariaDB server started for the command",
        "(Debian's `mariadb-server` package), in a new database dropped afterwards.",
    )
    run_summary = (
        "On MariaDB, a server started for this run: the step had a new database and user of "
        "its own, dropped after the run; nothing else was written."
    )

    def __init__(self, url: str | None = None) -> None:
        self.url = url
        if url is not None:
            self.label = "the server at --url"
            self.run_summary = (
                "On MariaDB, the server at --url: the step had a new database of its own, "
                "dropped after the run; nothing else was written."
            )

    def unavailable(self) -> str | None:
        # a learner's server says what is wrong with it when the step runs
        return server.why_not() if self.url is None else None

    def host(self) -> Host:
        return server.shared() if self.url is None else Given(self.url)

    @contextmanager
    def step(self) -> Iterator[StepDatabase]:
        host = self.host()
        with ExitStack() as made:
            name = host.new_database()
            made.callback(host.drop, name)
            yield StepDatabase(host.step_url(name), functools.partial(dump, host, name))
