"""Words for findings: how values and lists read in a message to staff."""

from __future__ import annotations


def number(value: float) -> str:
    """A value as staff wrote it: 41 rather than 41.0."""
    return f"{value:g}"


def spoken_list(parts: list[str]) -> str:
    """Parts joined for reading: "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
