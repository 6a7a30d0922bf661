"""Running a step: one tutorial module, run as ``python <module>`` runs it, recorded.

``recorder`` records a module in memory; ``bare`` runs it for real. The rest are the parts
of a recorded run (engines, SQLModel's globals, capture, time limit, threads).

May import: ``companion.project`` and ``companion.records``.
"""
