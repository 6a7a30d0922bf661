"""The pytest plugin: a project's record tests, real-run proofs and include checks, and the
``tutorial_run`` and ``tutorial_ahead`` fixtures for its claim tests.

It is active in any project whose ``pyproject.toml`` has a ``[tool.tutorial-recorder]`` table
(``hooks``, the ``pytest11`` entry point). ``tests`` holds the tests it collects,
``atomic`` makes inline-snapshot write records in one step, ``ahead`` starts slow work
early.

May import: every part below it, not ``tutorial_recorder.cli`` (the layers in ``pyproject.toml``'s
``[tool.importlinter]``, which the test command checks: ``tests/test_code.py``).
"""
