"""Waitlist join screens, driven by taps: form, validation, privacy, confirmation, failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox

from kiosk import waitlist, waitlist_tickets
from kiosk.models import DatabaseUnavailable
from kiosk.screens.visitor.attract import AttractScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.visitor.still_there import StillThereScreen
from kiosk.screens.waitlist.privacy_notice import PrivacyNoticeScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen
from kiosk.waitlist import JoinForm
from tests.support.pilot import FakeClock, make_test_app
from tests.support.visitor import choose_language
from tests.support.waitlist_ui import (
    BIRTH,
    decode_qr,
    entries,
    fill,
    open_form,
    settle,
    shown,
    shown_text,
    tap,
    type_keys,
    value,
)

LABS = "laboratori-per-famiglie"  # name, contact, party_size, child_age
MEDIATION = "mediazione-familiare"  # sensitive: contact only
SIZES = [(80, 24), (200, 60)]


@pytest.mark.parametrize("size", SIZES)
async def test_join_by_taps_from_the_service_page(sqlite_url: str, size: tuple[int, int]) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        app.push_screen(ServiceDetailScreen(BIRTH))
        await settle(pilot)
        await tap(pilot, "#join-waitlist")
        assert isinstance(app.screen, WaitlistJoinScreen)
        # The first field has focus and the letter keyboard is out.
        assert app.screen.focused is app.screen.query_one("#field-name")
        assert shown(app.screen.query_one("#keys-text"))
        await type_keys(pilot, "#keys-text", "Mario Rossi")
        await tap(pilot, "#keys-text #key-enter")  # Avanti: on to the phone, digits keypad
        assert app.screen.focused is app.screen.query_one("#field-phone")
        assert shown(app.screen.query_one("#keys-phone"))
        assert not shown(app.screen.query_one("#keys-text"))
        await type_keys(pilot, "#keys-phone", "333 123 4567")
        assert (value(app, "name"), value(app, "phone")) == ("Mario Rossi", "333 123 4567")
        text = shown_text(app)
        assert "Comune di Lucca, Via Santa Giustina 6, 55100 Lucca" in text
        assert "art. 6, par. 1, lett. e GDPR" in text
        assert "180 giorni" in text and "Garante" in text
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        text = shown_text(app)
        assert "Sei il 1° in lista" in text
        code = app.screen.result.code
        assert " ".join(code) in text
        assert "Mario" not in text and "333" not in text and "4567" not in text
        status = waitlist_tickets.check_ticket(code, kiosk_id="test")
        assert (status.found, status.position, status.service_slug) == (True, 1, BIRTH)
        [entry] = entries(BIRTH)
        assert (entry.name, entry.phone, entry.code) == ("Mario Rossi", "+393331234567", code)
        await tap(pilot, "#confirm-done")
        assert isinstance(app.screen, AttractScreen)
        assert not any(isinstance(s, WaitlistJoinScreen) for s in app.screen_stack)


async def test_errors_are_shown_per_field_and_typed_values_stay(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, LABS)
        await type_keys(pilot, "#keys-text", "Anna")
        fill(app, phone="12", party_size="25")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistJoinScreen)
        text = shown_text(app)
        assert "Numero non valido" in text
        assert "Scrivi un numero da 1 a 20." in text
        assert "Scrivi l'età in anni." in text
        assert (value(app, "name"), value(app, "phone"), value(app, "party_size")) == (
            "Anna",
            "12",
            "25",
        )
        assert entries(LABS) == []
        # The language switch keeps what was typed and translates the messages.
        await choose_language(pilot, "en")
        assert app.language == "en"
        text = shown_text(app)
        assert "Invalid number" in text and "Write a number from 1 to 20." in text
        assert "Privacy notice" in text and "Data controller" in text
        assert (value(app, "name"), value(app, "phone"), value(app, "party_size")) == (
            "Anna",
            "12",
            "25",
        )
        # Fixing a field clears its message as the visitor types.
        fill(app, phone="", email="anna@example.org", party_size="3", child_age="4")
        await pilot.pause()
        assert "Invalid" not in shown_text(app)
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert "You are number 1 on the list" in shown_text(app)
        [entry] = entries(LABS)
        assert (entry.name, entry.email, entry.party_size, entry.child_age) == (
            "Anna",
            "anna@example.org",
            3,
            4,
        )


async def test_no_contact_asks_for_one(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Luca")
        await tap(pilot, "#join-submit")
        assert "Scrivi un numero di telefono o un indirizzo e-mail." in shown_text(app)
        assert app.screen.focused is app.screen.query_one("#field-phone")
        assert entries(BIRTH) == []


@pytest.mark.parametrize(
    ("slug", "fields", "title"),
    [
        (BIRTH, {"name": "Giulia B."}, "Questo contatto è già in lista"),
        (MEDIATION, {}, "Iscrizione non completata"),
    ],
    ids=["ordinary", "confidential"],
)
async def test_typing_someone_elses_number_never_shows_their_code(
    sqlite_url: str, slug: str, fields: dict[str, str], title: str
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        a = waitlist.join_waitlist(slug, JoinForm(phone="3471112222", **fields), kiosk_id="other")
        waitlist.join_waitlist(slug, JoinForm(phone="3471113333", **fields), kiosk_id="other")
        await open_form(pilot, slug)
        fill(app, phone="+39 347 111 2222", **fields)  # B types A's number
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        text = shown_text(app)
        assert title in text and "chiedi allo sportello" in text
        screenshot = app.export_screenshot()
        for secret in (a.code, " ".join(a.code), "1° in lista", "2° in lista"):
            assert secret not in text and secret not in screenshot
        assert not app.screen.query("#confirm-qr") and not app.screen.query("#confirm-code")
        if slug == MEDIATION:  # a confidential list does not even confirm the contact is on it
            assert "già in lista" not in text and "già iscritto" not in text
        assert len(entries(slug)) == 2
        await tap(pilot, "#confirm-done")
        assert isinstance(app.screen, AttractScreen)


async def test_too_many_joins_say_so_and_keep_the_form(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url, joins_per_minute_kiosk=1)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk_id = app.settings.kiosk_id
        waitlist.join_waitlist(BIRTH, JoinForm(name="Primo", phone="3330000001"), kiosk_id=kiosk_id)
        await open_form(pilot)
        fill(app, name="Anna", phone="333 123 4567")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert "Troppi tentativi in poco tempo: riprova tra" in shown_text(app)
        assert (value(app, "name"), value(app, "phone")) == ("Anna", "333 123 4567")
        await choose_language(pilot, "en")  # in the visitor's language
        await tap(pilot, "#join-submit")
        assert "Too many attempts in a short time" in shown_text(app)
        assert (value(app, "name"), value(app, "phone")) == ("Anna", "333 123 4567")
        assert [e.name for e in entries(BIRTH)] == ["Primo"]


async def test_a_retry_after_a_lost_answer_returns_the_same_entry(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The join is stored but the answer is lost (timeout, crash): the retry finds it."""
    real = waitlist.join_waitlist
    request_ids = []

    def stored_then_lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        request_ids.append(kwargs["request_id"])
        real(*args, **kwargs)
        if len(request_ids) == 1:
            raise DatabaseUnavailable("connection lost before the answer")
        return real(*args, **kwargs)

    monkeypatch.setattr(waitlist, "join_waitlist", stored_then_lost)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Sara", email="sara@example.org")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert "Non siamo riusciti a completare l'iscrizione" in shown_text(app)
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert app.screen.result.replayed and not app.screen.result.already_registered
        assert "Sei il 1° in lista" in shown_text(app)
    assert request_ids[0] == request_ids[1]
    assert len(entries(BIRTH)) == 1


async def test_database_unavailable_keeps_the_form_and_never_confirms(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = waitlist.join_waitlist
    calls = []

    def down_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["request_id"])
        if len(calls) == 1:
            raise DatabaseUnavailable("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(waitlist, "join_waitlist", down_once)
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        fill(app, name="Ilaria", phone="3335556666", note="Mattina")
        await tap(pilot, "#join-submit")
        assert app.screen is form
        text = shown_text(app)
        assert "Non siamo riusciti a completare l'iscrizione. Riprova tra poco." in text
        assert "Sei il" not in text
        assert (value(app, "name"), value(app, "phone"), value(app, "note")) == (
            "Ilaria",
            "3335556666",
            "Mattina",
        )
        assert entries(BIRTH) == []
        assert not app.screen.query_one("#join-submit").disabled
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        assert "Sei il 1° in lista" in shown_text(app)
    assert calls[0] == calls[1] == form.request_id
    assert len(entries(BIRTH)) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_sensitive_list_is_code_only(
    sqlite_url: str, size: tuple[int, int], tmp_path: Path
) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=size) as pilot:
        await open_form(pilot, MEDIATION)
        assert not app.screen.query("#field-name")
        assert "non ti chiediamo il nome" in shown_text(app)
        assert app.screen.focused is app.screen.query_one("#field-phone")
        await type_keys(pilot, "#keys-phone", "3289990000")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        text = shown_text(app)
        code = app.screen.result.code
        assert "Mediazione familiare" in text and " ".join(code) in text
        assert "328" not in text and "9990000" not in text
        app.screen.query_one("#confirm-qr").scroll_visible(animate=False)
        await pilot.pause()
        assert decode_qr(app, tmp_path) == [f"CPF {code}"]
        [entry] = entries(MEDIATION)
        assert (entry.name, entry.phone) == ("", "+393289990000")


@pytest.mark.parametrize("size", SIZES)
async def test_confirmation_qr_has_the_code_and_link_only(
    sqlite_url: str, size: tuple[int, int], tmp_path: Path
) -> None:
    app = make_test_app(sqlite_url, public_url="https://example.org/cpf")
    async with app.run_test(size=size) as pilot:
        await open_form(pilot)
        fill(app, name="Marta Bianchi", phone="3401234567", email="marta@example.org")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistConfirmScreen)
        code = app.screen.result.code
        app.screen.query_one("#confirm-qr").scroll_visible(animate=False)
        await pilot.pause()
        [data] = decode_qr(app, tmp_path)
        assert data == f"https://example.org/cpf/{BIRTH}?codice={code}"
        for personal in ("Marta", "Bianchi", "340", "1234567", "marta@"):
            assert personal not in data


@pytest.mark.parametrize("change", ["closed", "full"])
async def test_closed_or_full_list_points_to_the_desk(
    sqlite_url: str, content_dir: Path, change: str
) -> None:
    page = content_dir / "services" / f"{BIRTH}.md"
    setting = "  open: false" if change == "closed" else "  open: true\n  capacity: 1"
    page.write_text(page.read_text().replace("  open: true", setting, 1))
    app = make_test_app(sqlite_url, content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        if change == "full":
            waitlist.join_waitlist(
                BIRTH, JoinForm(name="Primo", phone="3330000001"), kiosk_id="other"
            )
        await open_form(pilot)
        text = shown_text(app)
        expected = "chiuse in questo momento" if change == "closed" else "è al completo"
        assert expected in text
        assert not app.screen.query("#field-name") and not app.screen.query("#join-submit")
        await tap(pilot, "#join-office")
        assert type(app.screen).__name__ == "OfficeScreen"


async def test_list_filling_up_while_typing_is_told_at_submit(
    sqlite_url: str, content_dir: Path
) -> None:
    page = content_dir / "services" / f"{BIRTH}.md"
    page.write_text(page.read_text().replace("  open: true", "  open: true\n  capacity: 1", 1))
    app = make_test_app(sqlite_url, content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Secondo", phone="3330000002")
        waitlist.join_waitlist(BIRTH, JoinForm(name="Primo", phone="3330000001"), kiosk_id="other")
        await tap(pilot, "#join-submit")
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert "è al completo" in shown_text(app)
        assert app.screen.query("#join-office")
        assert len(entries(BIRTH)) == 1


async def test_privacy_notice_reads_in_full_and_invents_no_contact(sqlite_url: str) -> None:
    app = make_test_app(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        fill(app, name="Teo")
        await tap(pilot, "#privacy-more")
        assert isinstance(app.screen, PrivacyNoticeScreen)
        text = shown_text(app)
        for part in ("Comune di Lucca", "compito di interesse pubblico", "180 giorni"):
            assert part in text
        assert "Responsabile della protezione dei dati" in text and "sportello" in text
        assert "@" not in text  # no made-up DPO e-mail
        await tap(pilot, "#privacy-close")
        assert isinstance(app.screen, WaitlistJoinScreen)
        assert value(app, "name") == "Teo"
        # The optional extra is a separate choice, unticked.
        assert app.screen.query_one("#extra-consent", Checkbox).value is False


async def test_idle_reset_leaves_nothing_of_the_form(sqlite_url: str) -> None:
    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await type_keys(pilot, "#keys-text", "Riservato")
        assert value(app, "name") == "Riservato"
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        for _ in range(40):  # the countdown runs out (ticks by hand), then the reset
            if isinstance(app.screen, AttractScreen):
                break
            if isinstance(app.screen, StillThereScreen):
                app.screen.tick()
            await pilot.pause()
        assert isinstance(app.screen, AttractScreen)
        assert form not in app.screen_stack
        again = await open_form(pilot)
        assert again is not form and again.request_id != form.request_id
        assert value(app, "name") == "" and value(app, "phone") == ""
        assert "Riservato" not in shown_text(app)
