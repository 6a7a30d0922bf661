"""Run, record and check the tutorial steps."""
