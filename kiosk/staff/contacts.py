"""Matching stored contacts against what staff typed, with the kiosk's one contact rule."""

from __future__ import annotations

from kiosk.waitlist_codes import normalise_contact, normalise_email, normalise_phone

__all__ = ["contact_matches", "normalise_contact"]


def contact_matches(kind: str, value: str, phone: str, email: str) -> bool:
    """Whether a stored (phone, email) pair is the normalised contact `value`
    (`kind` and `value` as given by `normalise_contact`)."""
    if not value:
        return False
    if kind == "email":
        return normalise_email(email) == value
    return normalise_phone(phone) == value
