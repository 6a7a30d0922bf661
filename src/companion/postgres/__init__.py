"""PostgreSQL: a throwaway server of the project's own, for recording the steps on it too.

``server`` finds Debian's PostgreSQL programs, starts a server in a temporary folder (Unix
socket only, no TCP port), gives each step a database of its own and stops the server on
every way out of the process.

May import: ``companion.project``.
"""
