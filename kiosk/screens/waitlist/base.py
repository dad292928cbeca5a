"""What the waitlist screens share: how a ticket code is shown."""

from __future__ import annotations


def spaced(code: str) -> str:
    """'ACD479' -> 'A C D 4 7 9': easier to read aloud and copy."""
    return " ".join(code)


def ticket_qr_data(code: str, link: str) -> str:
    """What the QR code carries: the code and the service's page, never anything personal.

    The confirmation shows it on screen; the paper ticket prints the same."""
    if link:
        separator = "&" if "?" in link else "?"
        return f"{link}{separator}codice={code}"
    return f"CPF {code}"
