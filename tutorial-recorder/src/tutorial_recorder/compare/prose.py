"""Counting and listing in English, as the generated pages and the messages write it."""

from __future__ import annotations


def count(number: int, thing: str) -> str:
    """``1 step``, ``3 steps``."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def listed(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)
