"""What every channel is: send one message or say why not (temporary or permanent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One message for one recipient; `key` is its idempotency key (same on every retry)."""

    key: str
    to: str  # e-mail address or E.164 phone number, read from the entry just now
    subject: str
    body: str
    lang: str


class SendError(Exception):
    """A message was not delivered. `detail` is for the outbox row: never personal data."""

    permanent = False

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail[:200]


class TemporaryFailure(SendError):
    """Try again later (server down, timeout, 4xx SMTP, HTTP 5xx/429)."""


class PermanentFailure(SendError):
    """Trying again cannot help (address refused, HTTP 4xx): failed at once."""

    permanent = True


class Channel(Protocol):
    """A way to reach a family: 'email' or 'sms'."""

    name: str

    def send(self, message: Outgoing) -> None:
        """Deliver `message` or raise SendError; never waits longer than its timeout."""
