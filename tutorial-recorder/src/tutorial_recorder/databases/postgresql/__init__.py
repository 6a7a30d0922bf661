"""PostgreSQL: a step's database is a new database and role on the test session's own server
(``server``), or a new database on a learner's server named by URL (``given``).

The step is recorded as on SQLite, with its ``sqlite:///...`` URL pointed at that database:
every other argument the module passes is kept, and the module itself runs unmodified, so
code written for SQLite, such as a ``PRAGMA`` sent on connect, meets PostgreSQL as it is.
Afterwards the database is dumped (``dump``) and dropped, with its role.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tutorial_recorder.databases.base import Database, ServerError, StepDatabase
from tutorial_recorder.databases.postgresql import server
from tutorial_recorder.databases.postgresql.dump import Host, dump
from tutorial_recorder.databases.postgresql.given import Given


class PostgreSQL(Database):
    """The test session's own server, started on first use (``server.shared``)."""

    name = "postgresql"
    label = "PostgreSQL"
    require_variable = server.REQUIRE_VARIABLE
    run_note = (
        "With `--on postgresql` it runs on a PostgreSQL server started for the command",
        "(Debian's `postgresql` package), in a new database dropped afterwards.",
    )
    run_summary = (
        "On PostgreSQL, a server started for this run: the step had a new database of its own, "
        "dropped after the run; nothing else was written."
    )

    def unavailable(self) -> str | None:
        try:
            server.shared()
        except ServerError as error:
            return str(error)
        return None

    def host(self) -> Host:
        return server.shared()

    @contextmanager
    def step(self) -> Iterator[StepDatabase]:
        host = self.host()
        name = host.new_database()
        try:
            yield StepDatabase(host.step_url(name), lambda: dump(host, name))
        finally:
            host.drop(name)


class GivenServer(PostgreSQL):
    """A learner's server, named by ``url`` (``companion run --url``): its runs compare with
    the PostgreSQL records."""

    label = "the server at --url"
    run_summary = (
        "On PostgreSQL, the server at --url: the step had a new database of its own, dropped "
        "after the run; nothing else was written."
    )

    def __init__(self, url: str) -> None:
        self.url = url

    def unavailable(self) -> str | None:
        return None

    def host(self) -> Host:
        return Given(self.url)
