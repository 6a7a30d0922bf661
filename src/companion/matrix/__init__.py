"""The upgrade matrix: every step under several sets of dependency versions, compared with
its records, reported in Markdown and HTML, and the generated upgrades page.

May import: ``companion.project``, ``companion.records``, ``companion.runner`` and
``companion.cli.checks``.
"""
