"""The SQLAlchemy dialect a step's URL names on MariaDB (``mysql+companion://``): PyMySQL for
``create_engine``, and aiomysql, PyMySQL's asyncio wrapper, for ``create_async_engine``.

A step's ``sqlite:///`` URL is replaced by one URL whichever engine the module makes, as on
PostgreSQL, where psycopg is both; PyMySQL is sync only, so this dialect names aiomysql as
its async twin (``get_async_dialect_cls``), as a learner would write ``mysql+aiomysql://``
for an async engine. It is found through the ``sqlalchemy.dialects`` entry point
``mysql.companion`` of tutorial-recorder's ``pyproject.toml``, in any process.
"""

from __future__ import annotations

from sqlalchemy.dialects.mysql.aiomysql import MySQLDialect_aiomysql
from sqlalchemy.dialects.mysql.pymysql import MySQLDialect_pymysql
from sqlalchemy.engine import URL, Dialect


class PyMySQL(MySQLDialect_pymysql):
    supports_statement_cache = True  # it compiles as PyMySQL's dialect does

    @classmethod
    def get_async_dialect_cls(cls, url: URL) -> type[Dialect]:
        return MySQLDialect_aiomysql
