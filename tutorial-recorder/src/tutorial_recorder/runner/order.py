"""Mapper configuration in a fixed order: the registries one by one, oldest first.

When a step's models live in more than one registry (SQLModel's and a ``DeclarativeBase``
of its own, say), SQLAlchemy configures the registries in the order of a ``set``:
``sqlalchemy.orm.mapper._all_registries()`` returns one, and
``registry._recurse_with_dependencies`` pops from it. A set of registries is ordered by
their addresses, so the warnings each registry's mappers raise (overlapping relationships,
say) come out in either order from one process to the next; SQLAlchemy's own comment there
says the order is random. Inside one registry the order is already fixed (mappers in the
order their classes were made, properties in declaration order), so no normalisation of
the text could restore one order without changing what a single registry shows.

``install`` makes this process take the registries in the order they were created, which
SQLAlchemy keeps (``_mapper_registries`` is a dict by insertion), with the registries they
depend on added as SQLAlchemy adds them. The mappers and what they do are the same; only
the order in which independent registries are configured, and so the order of their
warnings, is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from importlib import import_module

from sqlalchemy.orm import decl_api

# the module, which ``sqlalchemy.orm``'s own ``mapper`` name hides
mapperlib = import_module("sqlalchemy.orm.mapper")


def _in_creation_order(registries: Set[decl_api.registry]) -> list[decl_api.registry]:
    created = {reg: number for number, reg in enumerate(mapperlib._mapper_registries)}
    return sorted(registries, key=lambda reg: created.get(reg, len(created)))


def _recurse_with_dependencies(
    cls: type[decl_api.registry], registries: Set[decl_api.registry]
) -> Iterator[decl_api.registry]:
    """``registry._recurse_with_dependencies``, taking the oldest registry first."""
    todo = set(registries)
    done: set[decl_api.registry] = set()
    while todo:
        reg = _in_creation_order(todo)[0]
        todo.discard(reg)
        done.add(reg)
        todo.update(reg._dependencies.difference(done))
        yield reg
        todo.update(reg._dependencies.difference(done))


def install() -> None:
    """Configure registries in creation order in this process (and the ones it forks)."""
    recurse = classmethod(_recurse_with_dependencies)
    decl_api.registry._recurse_with_dependencies = recurse  # type: ignore[method-assign, assignment]
