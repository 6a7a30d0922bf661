"""The baseline of ``scripts/bench``: the thin tests a project writes without the plugin.

Each test imports one step module under a name of its own (so its ``if __name__ ==
"__main__"`` block does not run), with ``print`` patched to collect what it prints and the
models in it dumped, points its engine at ``sqlite://`` (``sqlite+aiosqlite://`` for an
async one) with echo off, and calls its entry point, ``main()``. SQLModel's metadata and
mappers are emptied around each. A step that ends with an error on purpose has it
collected too. The bench runs this file with pytest, rooted in a temporary folder of its
own (so the plugin stays off), on the modules the project's ``[tool.tutorial-recorder]``
names.
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import clear_mappers
from sqlmodel import SQLModel, create_engine

from tutorial_recorder.project import config

MODULES = [str(module) for module in config.load(Path(__file__).resolve().parents[1]).modules()]


@pytest.fixture
def clear_sqlmodel() -> Iterator[None]:
    clear_mappers()
    SQLModel.metadata.clear()
    yield
    clear_mappers()
    SQLModel.metadata.clear()


def _dumped(value: object) -> object:
    return value.model_dump() if isinstance(value, BaseModel) else value


@pytest.mark.parametrize("path", MODULES)
@pytest.mark.usefixtures("clear_sqlmodel")
def test_step(path: str) -> None:
    calls: list[list[object]] = []

    def printed(*args: object, **kwargs: object) -> None:
        calls.append([_dumped(arg) for arg in args])

    spec = importlib.util.spec_from_file_location(f"thin_step_{MODULES.index(path)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with patch("builtins.print", new=printed):
        spec.loader.exec_module(module)
        if isinstance(vars(module)["engine"], AsyncEngine):
            module.engine = create_async_engine("sqlite+aiosqlite://")  # type: ignore[attr-defined]
        else:
            module.engine = create_engine("sqlite://")  # type: ignore[attr-defined]
        main = vars(module)["main"]
        try:
            if inspect.iscoroutinefunction(main):
                asyncio.run(main())
            else:
                main()
        except Exception as error:  # some steps end with an error on purpose
            calls.append([type(error).__name__, str(error)])
    assert calls
