"""Screens tell failures apart by class (kiosk.errors), never by a class-name string."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import waitlist
from kiosk.errors import (
    DatabaseUnavailable,
    EntryChanged,
    EntryNotFound,
    InvalidTransition,
    NotAContact,
    OutcomeUnknown,
)
from kiosk.screens.staff.admin_base import AdminBaseScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from tests.support.admin import admin_app, unlock
from tests.support.pilot import make_test_app
from tests.support.waitlist_ui import BIRTH, entries, fill, open_form, shown_text, tap


async def test_a_join_whose_commit_was_lost_is_neither_confirmed_nor_refused(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = waitlist.join_waitlist
    calls = []

    def stored_then_commit_lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["request_id"])
        result = real(*args, **kwargs)
        if len(calls) == 1:
            raise OutcomeUnknown("the connection broke during COMMIT")
        return result

    monkeypatch.setattr(waitlist, "join_waitlist", stored_then_commit_lost)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Sara", email="sara@example.org")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistJoinScreen)
        text = shown_text(app)
        assert "Non sappiamo se l'iscrizione è stata salvata" in text
        assert "Non siamo riusciti" not in text  # it may well be saved: never say it is not
        await tap(pilot, "#join-submit")  # as the message says: the same request again
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert app.screen.result.replayed
    assert calls[0] == calls[1]
    assert len(entries(BIRTH)) == 1


class ListLocked(DatabaseUnavailable):
    """A more precise database failure a service might raise one day."""


async def test_staff_read_the_message_of_the_failure_class_or_its_parent(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = admin_app(sqlite_url, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, AdminBaseScreen)
        said = {
            kind.__name__: screen.failure_text(error)
            for kind, error in [
                (OutcomeUnknown, OutcomeUnknown("x")),
                (DatabaseUnavailable, DatabaseUnavailable("x")),
                (ListLocked, ListLocked("x")),
                (InvalidTransition, InvalidTransition("x")),
                (EntryChanged, EntryChanged("x")),
                (EntryNotFound, EntryNotFound("x")),
                (NotAContact, NotAContact("x")),
                (PermissionError, PermissionError("x")),
            ]
        }
    assert said == {
        "OutcomeUnknown": "Non sappiamo se la modifica è stata salvata: ricarica e controlla.",
        "DatabaseUnavailable": "Il database non risponde. Riprova tra poco.",
        "ListLocked": "Il database non risponde. Riprova tra poco.",
        "InvalidTransition": "Questo cambio di stato non è possibile per questa iscrizione.",
        "EntryChanged": "L'iscrizione è stata cambiata da un'altra postazione: ricontrolla.",
        "EntryNotFound": "L'iscrizione non esiste più (cancellata?).",
        "NotAContact": "Scrivi un numero di telefono o un indirizzo e-mail.",
        "PermissionError": "La cartella delle esportazioni non è scrivibile.",
    }
