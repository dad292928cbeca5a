"""Waitlist join for an event, and the on-screen keys around taps on buttons."""

from __future__ import annotations

import textwrap
from pathlib import Path

from textual.widgets import Checkbox, Input

from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from tests.support.pilot import make_test_app
from tests.support.visitor import choose_language
from tests.support.waitlist_ui import settle, shown, shown_text, tap, type_keys, value

EVENT = """\
---
slug: festa-di-primavera
title: "Festa di primavera"
starts_at: "2099-04-01 16:30"
place: "Sala grande"
summary: "Una festa per le famiglie."
assured_date: 2026-11-21
assured_by: "Test"
waitlist:
  open: true
  fields: [name, contact, party_size]
  retention_days: 30
---
Descrizione.
"""


async def test_joining_an_event_list(sqlite_url: str, content_dir: Path) -> None:
    (content_dir / "events" / "festa-di-primavera.md").write_text(
        textwrap.dedent(EVENT), encoding="utf-8"
    )
    app = make_test_app(sqlite_url, content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen("festa-di-primavera", kind="event"))
        await settle(pilot)
        text = shown_text(app)
        assert "Festa di primavera" in text and "30 giorni" in text
        await type_keys(pilot, "#keys-text", "Rita")
        await tap(pilot, "#keys-text #key-enter")  # Avanti: the phone, on digit keys
        await tap(pilot, "#keys-phone #key-enter")  # nothing typed: on to the e-mail
        assert app.screen.focused is app.screen.query_one("#field-email")
        assert shown(app.screen.query_one("#keys-email"))
        await type_keys(pilot, "#keys-email", "rita.b@example.org")
        await tap(pilot, "#keys-email #key-enter")
        assert shown(app.screen.query_one("#keys-number"))
        await type_keys(pilot, "#keys-number", "3")
        await tap(pilot, "#keys-number #key-enter")  # the last field: the keys make way
        assert app.screen.focused is None
        assert not shown(app.screen.query_one("#join-keys"))
        assert value(app, "email") == "rita.b@example.org"
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        result = app.screen.result
        assert (result.kind, result.service_name, result.position) == (
            "event",
            "Festa di primavera",
            1,
        )
        assert "Rita" not in shown_text(app) and "example.org" not in shown_text(app)


async def test_keys_keep_typing_into_the_field_after_a_button_tap(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WaitlistJoinScreen("percorso-nascita"))
        await settle(pilot)
        await type_keys(pilot, "#keys-text", "Ma")
        await tap(pilot, "#privacy-more")
        await tap(pilot, "#privacy-close")
        await type_keys(pilot, "#keys-text", "ri")
        await choose_language(pilot, "en")  # the page is redrawn in English
        assert app.screen.focused is app.screen.query_one("#field-name")
        await type_keys(pilot, "#keys-text", "a")
        assert value(app, "name") == "Maria"
        assert "Name or nickname" in shown_text(app)


async def test_optional_extra_consent_is_unticked_and_stored_as_chosen(sqlite_url: str) -> None:
    """The extra consent is a separate, unticked choice; what the visitor picks is stored."""
    from kiosk.models import WaitlistEntry

    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        for tick in (False, True):
            app.push_screen(WaitlistJoinScreen("percorso-nascita"))
            await settle(pilot)
            consent = app.screen.query_one("#extra-consent", Checkbox)
            assert consent.value is False
            if tick:
                await tap(pilot, "#extra-consent")
            app.screen.query_one("#field-name", Input).value = "Bea"
            app.screen.query_one("#field-phone", Input).value = f"33312345{int(tick)}0"
            await tap(pilot, "#join-submit")
            assert isinstance(app.screen, WaitlistConfirmScreen)
    stored = [e.extra_consent for e in WaitlistEntry.select().order_by(WaitlistEntry.seq)]
    assert stored == [False, True]
