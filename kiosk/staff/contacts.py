"""Normalised phone numbers and e-mail addresses, so staff find a person however it was typed."""

from __future__ import annotations

import re

_PHONE_NOISE = re.compile(r"[\s().\-/]")


def normalise_phone(text: str) -> str:
    """'+39 333 123 4567', '0039 333-1234567' and '3331234567' all give '3331234567'."""
    value = _PHONE_NOISE.sub("", text.strip())
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("+39"):
        value = value[3:]
    digits = value.removeprefix("+")
    if not digits.isascii() or not digits.isdigit() or len(digits) < 6:
        return ""
    return value


def normalise_email(text: str) -> str:
    value = text.strip().lower()
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain) or any(ch.isspace() for ch in value):
        return ""
    return value


def normalise_contact(text: str) -> tuple[str, str]:
    """('email', value), ('phone', value) or ('', '') when `text` is neither."""
    if "@" in text:
        email = normalise_email(text)
        return ("email", email) if email else ("", "")
    phone = normalise_phone(text)
    return ("phone", phone) if phone else ("", "")


def contact_matches(kind: str, value: str, phone: str, email: str) -> bool:
    """Whether a stored (phone, email) pair is the normalised contact `value`."""
    if not value:
        return False
    if kind == "email":
        return normalise_email(email) == value
    return normalise_phone(phone) == value
