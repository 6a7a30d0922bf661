"""The ``companion`` command (``app``) and the checks of a step against its records that its
``diff`` and ``check`` run.

May import: every part below it, not ``tutorial_recorder.plugin`` (the layers in
``pyproject.toml``'s ``[tool.importlinter]``, which the test command checks:
``tests/test_code.py``).
"""
