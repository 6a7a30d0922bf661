"""Give each run a clean SQLModel: no tables, no mapped classes from an earlier run.

SQLModel keeps every table model in one global ``MetaData`` and one global registry. A
second run that defines ``Hero`` again in the same process would otherwise find the first
``Hero`` there. Both are emptied before and after each run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import clear_mappers
from sqlmodel import SQLModel


def reset() -> None:
    clear_mappers()
    SQLModel.metadata.clear()


@contextmanager
def fresh_sqlmodel() -> Iterator[None]:
    reset()
    try:
        yield
    finally:
        reset()


def field_orders(namespace: dict[str, object]) -> tuple[tuple[str, ...], ...]:
    """The attributes of each SQLModel class in ``namespace``, in declaration order."""
    models = sorted(
        (
            value
            for value in namespace.values()
            if isinstance(value, type) and issubclass(value, SQLModel)
        ),
        key=lambda model: model.__name__,
    )
    return tuple(
        (*model.model_fields, *getattr(model, "__sqlmodel_relationships__", {})) for model in models
    )
