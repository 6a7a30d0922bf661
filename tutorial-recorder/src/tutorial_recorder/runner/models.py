"""The models a step defined, and a clean SQLModel for code that runs several in one process.

``field_orders`` lists the attributes of the models a run defined, in declaration order,
for the normaliser (``tutorial_recorder.records.normalise``, rule 9).

SQLModel keeps every table model in one global ``MetaData`` and one global registry. A
recorded step has a process of its own, so it always starts clean; code that runs several
modules in one process (the benchmark's floor, the pages' examples) empties both around
each with ``fresh_sqlmodel``.
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
