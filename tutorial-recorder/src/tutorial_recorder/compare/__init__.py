"""Generated comparison pages: what differs between two sets of runs of every step, each
change grouped under its cause, in a checksummed Markdown file a docs page includes.

``causes`` reads the causes, which are the project's data (``causes.toml`` in its
``comparisons`` folder), ``changes`` finds the changed lines and words, ``html`` draws a
diff, ``fragment`` writes and checks a generated file, and ``upgrades`` and ``databases``
are the two comparisons: a matrix set against the records, and SQLite's records against
PostgreSQL's.

May import: ``tutorial_recorder.databases``, ``tutorial_recorder.records`` and
``tutorial_recorder.project`` (the
layers in ``pyproject.toml``'s ``[tool.importlinter]``, which the test command checks:
``tests/test_code.py``).
"""
