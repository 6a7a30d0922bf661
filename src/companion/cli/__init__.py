"""The ``companion`` command (``app``) and the checks of a step against its records that its
``diff`` and ``check`` run.

May import: every other part.
"""
