"""The upgrade matrix: every step under several sets of dependency versions, compared with
its records, reported in Markdown and HTML, and the sets the generated upgrades pages are
made from. Its command line is ``companion matrix`` (``tutorial_recorder.cli.matrix``).

May import: ``tutorial_recorder.compare``, ``tutorial_recorder.runner``, ``tutorial_recorder.site``
and the parts
below them (the layers in ``pyproject.toml``'s ``[tool.importlinter]``, which the test
command checks: ``tests/test_code.py``).
"""
