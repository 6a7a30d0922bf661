"""The site: the pages' ``{* ... *}`` includes and SQL blocks, the MkDocs hook, the pinned
Mermaid, and the checks of the built site in a browser.

May import: ``companion.project`` and ``companion.records``.
"""
