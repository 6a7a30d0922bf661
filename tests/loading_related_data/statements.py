"""What kind of statement each one sent was, for the claims of the loading-related-data pages:
the first word of its SQL (``SELECT``, ``UPDATE``, ``BEGIN`` ...)."""

from __future__ import annotations


def kinds(statements: list[str]) -> list[str]:
    return [statement.split(None, 1)[0] for statement in statements]
