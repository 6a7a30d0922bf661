"""Where a project keeps its steps, records and pages, and the steps by their short ids.

May import: the standard library only. Everything else imports this.
"""
