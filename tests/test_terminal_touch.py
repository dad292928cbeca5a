"""The real `kiosk run` in an 80×24 tmux pane, by touch only: joining a list with the on-screen
keyboard, and reading a long page by wheel turns (what foot sends for a finger drag)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from kiosk.widgets._keys import REPEAT_WINDOW_SECONDS
from tests.support.terminal import START_TIMEOUT, STEP_TIMEOUT, Terminal, kiosk_in_tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

STILL_THERE = "Ci sei ancora?"
IDLE_TIMEOUT = 10  # the least KIOSK_IDLE_TIMEOUT kiosk/config.py accepts


def open_percorso_nascita(term: Terminal) -> None:
    """From the attract screen to the service page of "Percorso nascita", by taps."""
    term.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    term.tap("Di cosa hai bisogno?")
    term.wait_for(lambda t: "Nascita e" in t, STEP_TIMEOUT, "the needs")
    term.tap("Nascita e")
    term.wait_for(lambda t: "Percorso nascita" in t, STEP_TIMEOUT, "the services for a birth")
    term.tap("Percorso nascita")
    term.wait_for(lambda t: "Mettiti in lista" in t, STEP_TIMEOUT, "the service page")


def type_by_taps(term: Terminal, text: str, field_shows: str) -> None:
    """Tap the keys of `text` one by one, each time waiting until the field shows the result."""
    for index, char in enumerate(text):
        term.tap_key(char)
        typed = field_shows[: index + 1]
        term.wait_for(lambda t, typed=typed: field_holds(t, typed), STEP_TIMEOUT, repr(typed))


def field_holds(text: str, value: str) -> bool:
    """A text field on the pane shows exactly `value` (a placeholder's prefix does not count)."""
    inside = (re.search(r"█ +(.*?) *█", line) for line in text.splitlines())
    return any(match is not None and match.group(1) == value for match in inside)


def test_join_a_list_by_taps_only_at_80x24(tmp_path: Path) -> None:
    with kiosk_in_tmux(tmp_path, 80, 24) as term:
        open_percorso_nascita(term)
        term.tap("Mettiti in lista")
        term.wait_for(
            lambda t: "Nome o soprannome" in t and "Maiusc" in t, STEP_TIMEOUT, "the join form"
        )
        # The name field starts with a capital by itself: the visitor taps g-i-u-l-i-a.
        type_by_taps(term, "giulia", field_shows="Giulia")
        term.tap("Avanti")
        term.wait_for(
            lambda t: "Telefono" in t and term.key_cell("0") is not None,
            STEP_TIMEOUT,
            "the phone field with the number pad",
        )
        # The pad ignores taps for a moment after it takes the letters' place (a double tap on
        # "Avanti" must not type): the visitor's next tap comes after that.
        time.sleep(REPEAT_WINDOW_SECONDS)
        type_by_taps(term, "3331234567", field_shows="3331234567")

        # The keyboard is still out, and the submit button is on the pane above it.
        pane = "\n".join(term.screen())
        first_key = term.key_cell("1")
        assert first_key is not None and term.key_cell("0") is not None, pane
        _, submit_row = term.find("Iscriviti alla lista")
        assert submit_row < first_key[1] - 1, pane  # above the pad's top edge, not under it

        term.tap("Iscriviti alla lista")
        text = term.wait_for(lambda t: "Il tuo codice" in t, STEP_TIMEOUT, "the confirmation")
        assert "Sei il 1° in lista" in text
        shown = re.search(r"┃\s*((?:[A-Z0-9] ?)+?)\s*┃", text)
        assert shown, text
        code = shown.group(1).replace(" ", "")
        assert len(code) >= 6 and "Fine" in text

    # The entry is in the database, under the service the visitor chose.
    with sqlite3.connect(f"file:{tmp_path / 'kiosk.db'}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT e.code, e.name, e.phone, e.status FROM waitlist_entry e"
            " JOIN waitlist w ON w.id = e.waitlist_id JOIN service s ON s.id = w.service_id"
            " WHERE s.slug = 'percorso-nascita'"
        ).fetchall()
    assert rows == [(code, "Giulia", "+393331234567", "waiting")]


def test_scrolling_down_keeps_the_visit_alive(tmp_path: Path) -> None:
    with kiosk_in_tmux(tmp_path, 80, 24, KIOSK_IDLE_TIMEOUT=str(IDLE_TIMEOUT)) as term:
        open_percorso_nascita(term)
        term.wait_for(lambda t: "Per chi" in t, STEP_TIMEOUT, "the details of the service")
        column, row = term.find("Per chi")  # a cell of the details, which scroll
        before = "\n".join(term.screen())
        term.wheel_down(column, row)
        term.wait_for(lambda t: t != before, STEP_TIMEOUT, "the details to scroll down")

        # Reading on for longer than the idle timeout, a wheel turn down every 2 s.
        reading_until = time.monotonic() + IDLE_TIMEOUT + 3
        last_turn = time.monotonic()
        while time.monotonic() < reading_until:
            text = "\n".join(term.screen())
            assert STILL_THERE not in text, text
            if time.monotonic() - last_turn >= 2:
                term.wheel_down(column, row)
                last_turn = time.monotonic()
            time.sleep(0.2)

        # The visitor stops: the question comes, once the idle timeout has passed.
        term.wait_for(lambda t: STILL_THERE in t, IDLE_TIMEOUT + 5, "the idle question")
        assert time.monotonic() - last_turn >= IDLE_TIMEOUT - 1.5
