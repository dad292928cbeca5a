"""The opt-in on the join form and the messages on the staff entry screen, driven by taps."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Static

from kiosk.models import WaitlistEntry
from kiosk.notify.settings import NotifySettings, SmsSettings
from kiosk.screens.staff.admin_entry import AdminEntryScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from tests.support.admin import admin_app, unlock
from tests.support.mailbox import SmtpServer
from tests.support.outbox import entry_of, messages, smtp_settings
from tests.support.pilot import make_test_app
from tests.support.waitlist_ui import BIRTH, fill, open_form, settle, shown, shown_text, tap

SIZES = [(57, 16), (80, 24), (200, 60)]
EMAIL_ONLY = smtp_settings(2525, worker=False)
SMS_ONLY = NotifySettings(
    sms=SmsSettings(url="http://127.0.0.1:9/send", token="", sender=""), worker=False
)


@pytest.mark.parametrize("size", SIZES)
async def test_the_choice_is_offered_unticked(sqlite_url: str, size: tuple[int, int]) -> None:
    app = make_test_app(sqlite_url, notify=EMAIL_ONLY)
    async with app.run_test(size=size) as pilot:
        await open_form(pilot)
        choice = app.screen.query_one("#notify-optin", Checkbox)
        assert choice.value is False
        choice.scroll_visible(animate=False)
        await pilot.pause()
        assert shown(choice)
        text = shown_text(app)
        assert "per e-mail all'indirizzo che hai dato" in text
        assert "SMS" not in text  # only the channel this kiosk has


async def test_no_channel_no_choice(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert not app.screen.query("#notify-optin")
        assert "Avvisami" not in shown_text(app)


async def test_ticked_join_stores_the_choice_and_queues(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, notify=EMAIL_ONLY, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert "Let me know when it is my turn" in shown_text(app)
        fill(app, name="Jane", email="jane@example.org")
        await tap(pilot, "#notify-optin")
        assert app.screen.query_one("#notify-optin", Checkbox).value is True
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        entry = entry_of(app.screen.result.code)
        assert (entry.notify_channels, entry.lang) == ("email", "en")
        assert [(m.kind, m.channel, m.lang) for m in messages()] == [
            ("confirmation", "email", "en")
        ]


async def test_ticked_with_the_wrong_contact_says_what_to_write(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, notify=SMS_ONLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Anna", email="anna@example.org")
        await tap(pilot, "#notify-optin")
        await tap(pilot, "#join-submit")
        error = app.screen.query_one("#error-notify", Static)
        assert shown(error)
        assert "Per gli avvisi scrivi un numero di cellulare." in str(error.render())
        assert entries_count() == 0
        fill(app, phone="347 000 0001")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert entry_of(app.screen.result.code).notify_channels == "sms"


def entries_count() -> int:
    return int(WaitlistEntry.select().count())


async def test_unticked_join_queues_nothing(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, notify=EMAIL_ONLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, BIRTH)
        fill(app, name="Anna", email="anna@example.org")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert entry_of(app.screen.result.code).notify_channels == ""
        assert messages() == []


async def test_staff_see_messages_and_resend(sqlite_url: str, tmp_path: Path) -> None:
    from kiosk.notify import outbox
    from tests.support.outbox import join

    app = admin_app(sqlite_url, tmp_path, notify=EMAIL_ONLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        result = join(email="anna@example.org", channels=("email",))
        [claimed] = outbox.claim("w1", channels=("email",))
        outbox.mark_failed(claimed, "w1", "recipient refused (550)", permanent=True, max_tries=8)
        app.push_screen(AdminEntryScreen(entry_of(result.code).id))
        await settle(pilot)
        text = shown_text(app)
        assert "Conferma · e-mail · non inviato dopo 1 tentativi — recipient refused (550)" in text
        await tap(pilot, ".resend")
        assert "in coda (tentativi: 0" in shown_text(app)
        assert not app.screen.query(".resend")  # queued: nothing to resend
        assert [m.state for m in messages()] == ["queued"]
        assert isinstance(app.screen, AdminEntryScreen)


async def test_the_kiosk_sends_from_its_own_thread(sqlite_url: str) -> None:
    """The running kiosk's outbox thread delivers a join's confirmation; the form never waits."""
    server = SmtpServer()
    server.start()
    try:
        app = make_test_app(sqlite_url, notify=smtp_settings(server.port))
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.outbox is not None
            await open_form(pilot)
            fill(app, name="Anna", email="anna@example.org")
            await tap(pilot, "#notify-optin")
            await tap(pilot, "#join-submit")
            assert isinstance(app.screen, WaitlistConfirmScreen)
            code = app.screen.result.code  # the confirmation woke the thread: no 15 s wait
            assert server.mailbox.arrived.wait(10), "the outbox thread sent nothing"
            [mail] = server.mailbox.received
            assert mail.rcpt == ["anna@example.org"] and code in mail.body
    finally:
        server.stop()
