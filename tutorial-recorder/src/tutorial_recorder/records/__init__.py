"""Records: a run's transcript and its text, every normalisation, reading a record back,
the database dump, the diagram, and the messages for missing and stale records.

May import: ``tutorial_recorder.project`` (the layers in ``pyproject.toml``'s
``[tool.importlinter]``, which the test command checks: ``tests/test_code.py``).
"""
