"""Running a step: one tutorial module, run as ``python <module>`` runs it, recorded.

``recorder`` records a module in memory; ``bare`` runs it for real. The rest are the parts
of a recorded run (engines, SQLModel's globals, capture, time limit, threads).

May import: ``tutorial_recorder.databases``, ``tutorial_recorder.records`` and
``tutorial_recorder.project`` (the
layers in ``pyproject.toml``'s ``[tool.importlinter]``, which the test command checks:
``tests/test_code.py``).
"""
