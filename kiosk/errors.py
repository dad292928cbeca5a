"""The kiosk's own exceptions, one place for all layers; screens tell them apart by class."""

from __future__ import annotations


class DatabaseUnavailable(RuntimeError):
    """The database is locked, unreachable, too slow or not the right file: nothing was saved.

    The caller says so and lets the person try again later.
    """


class OutcomeUnknown(DatabaseUnavailable):
    """The commit was sent but its answer was lost: the change may or may not be saved.

    Never report it as saved; tell the person to check (a join repeated with the same
    request id shows the first confirmation if the first one was saved).
    """


class SchemaMismatch(RuntimeError):
    """The database's schema is newer than this program, or does not match it.

    The message is one line naming the database's version and the program's.
    """


class EntryNotFound(LookupError):
    """No entry with that id (erased, or never existed)."""


class InvalidTransition(ValueError):
    """The status change is not allowed from the entry's current status."""


class EntryChanged(RuntimeError):
    """Someone (another kiosk) changed the entry meanwhile; reload and try again."""


class NotAContact(ValueError):
    """The text is neither a phone number nor an e-mail address."""
