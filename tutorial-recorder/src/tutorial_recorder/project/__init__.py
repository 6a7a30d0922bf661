"""Where a project keeps its steps, records and pages, and the steps by their short ids.

May import: nothing else of ``companion`` (the layers in ``pyproject.toml``'s
``[tool.importlinter]``, which the test command checks: ``tests/test_code.py``). Everything
else imports this.
"""
