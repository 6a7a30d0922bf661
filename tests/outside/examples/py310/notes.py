"""Not a step: its name does not match the project's pattern, step*.py."""

raise SystemExit("notes.py is never run")
