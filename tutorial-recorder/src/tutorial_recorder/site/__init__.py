"""The site: the pages' ``{* ... *}`` includes and SQL blocks, the MkDocs hook, the pinned
Mermaid, and the checks of the built site in a browser.

May import: ``tutorial_recorder.databases``, ``tutorial_recorder.records`` and
``tutorial_recorder.project`` (the
layers in ``pyproject.toml``'s ``[tool.importlinter]``, which the test command checks:
``tests/test_code.py``).
"""
