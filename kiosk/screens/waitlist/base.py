"""What the waitlist screens share: how a ticket code is shown."""

from __future__ import annotations


def spaced(code: str) -> str:
    """'ACD479' -> 'A C D 4 7 9': easier to read aloud and copy."""
    return " ".join(code)
