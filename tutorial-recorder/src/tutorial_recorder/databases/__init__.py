"""The databases a step is recorded on, one module per kind, registered by name
(``registry``): what each is called, where its records go, whether it is there on this
machine, how a step gets a database of its own and how its final state is dumped.

``sqlite`` is the step's own file in its temporary folder; ``postgresql`` and ``mariadb``
each a server the test session starts itself (``postgresql.server``, ``mariadb.server``),
or a learner's server named by URL (``postgresql.given``, ``mariadb.given``). Adding a
database is one module here and one entry in ``registry.KINDS``.

May import: ``tutorial_recorder.records`` and ``tutorial_recorder.project`` (the layers in
``pyproject.toml``'s ``[tool.importlinter]``, which the test command checks:
``tests/test_code.py``).
"""
