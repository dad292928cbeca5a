"""Hostile terminal input: bad UTF-8 is dropped, an endless bracketed paste ends, taps go on."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import AsyncIterator

import pytest
from textual import events
from textual.message import Message

from kiosk.terminal import PASTE_MAX_CHARS, PASTE_MAX_SECONDS, KioskDriver, KioskInputParser
from tests.support.pilot import FakeClock

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
TAP = "\x1b[<0;5;7M\x1b[<0;5;7m"  # SGR 1006 press and release at column 5, row 7


def taps(messages: list[Message]) -> list[tuple[str, int, int]]:
    return [
        (type(m).__name__, int(m.x), int(m.y))
        for m in messages
        if isinstance(m, events.MouseDown | events.MouseUp)
    ]


def pastes(messages: list[Message]) -> list[str]:
    return [m.text for m in messages if isinstance(m, events.Paste)]


TAP_EVENTS = [("MouseDown", 4, 6), ("MouseUp", 4, 6)]


# --- the parser, with a clock moved by hand --------------------------------------------------


def test_a_normal_paste_still_arrives() -> None:
    parser = KioskInputParser(FakeClock())
    messages = list(parser.feed(PASTE_START + "Rossi" + PASTE_END + TAP))
    assert pastes(messages) == ["Rossi"]
    assert taps(messages) == TAP_EVENTS


def test_unterminated_paste_is_ended_after_a_short_time_and_taps_work_again() -> None:
    clock = FakeClock()
    parser = KioskInputParser(clock)
    swallowed = list(parser.feed(PASTE_START + "abc" + TAP))
    assert taps(swallowed) == []  # while a paste is open, a tap is pasted text (Textual)
    assert parser.in_paste
    clock.advance(PASTE_MAX_SECONDS / 2)
    assert pastes(list(parser.tick())) == [] and parser.in_paste
    clock.advance(PASTE_MAX_SECONDS)
    ended = list(parser.tick())
    assert not parser.in_paste
    assert pastes(ended) == []  # discarded, never typed anywhere
    assert taps(list(parser.feed(TAP))) == TAP_EVENTS


def test_plain_textual_parser_stays_deaf_after_an_unterminated_paste() -> None:
    """What the kiosk had before: every later tap is pasted text, for ever."""
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    list(parser.feed(PASTE_START + "abc"))
    assert all(taps(list(parser.feed(TAP))) == [] for _ in range(3))


def test_unterminated_paste_is_ended_when_too_long() -> None:
    parser = KioskInputParser(FakeClock())
    messages = list(parser.feed(PASTE_START + "x" * (PASTE_MAX_CHARS + 1)))
    assert not parser.in_paste and pastes(messages) == []
    assert taps(list(parser.feed(TAP))) == TAP_EVENTS


def test_too_long_paste_sent_in_small_chunks_is_ended() -> None:
    parser = KioskInputParser(FakeClock())
    list(parser.feed(PASTE_START))
    messages: list[Message] = []
    for _ in range(PASTE_MAX_CHARS // 100 + 1):
        messages += parser.feed("y" * 100)
    assert not parser.in_paste and pastes(messages) == []
    assert taps(list(parser.feed(TAP))) == TAP_EVENTS


def test_too_long_paste_with_its_end_is_discarded() -> None:
    parser = KioskInputParser(FakeClock())
    text = "z" * (PASTE_MAX_CHARS + 1)
    messages = list(parser.feed(PASTE_START + text + PASTE_END + TAP))
    assert pastes(messages) == []
    assert taps(messages) == TAP_EVENTS


def test_paste_markers_split_across_reads_are_followed() -> None:
    clock = FakeClock()
    parser = KioskInputParser(clock)
    list(parser.feed(PASTE_START[:3]))
    list(parser.feed(PASTE_START[3:] + "ab"))
    assert parser.in_paste
    list(parser.feed(PASTE_END[:4]))
    messages = list(parser.feed(PASTE_END[4:]))
    assert not parser.in_paste and pastes(messages) == ["ab"]
    clock.advance(PASTE_MAX_SECONDS * 2)
    list(parser.tick())
    assert taps(list(parser.feed(TAP))) == TAP_EVENTS


# --- the driver's input thread, reading a pipe ----------------------------------------------


class PipeDriver(KioskDriver):
    """KioskDriver reading a pipe instead of the terminal; collects what it would post."""

    def __init__(self, fileno: int) -> None:
        super().__init__(None)  # the app is never reached: process_message is replaced
        self.fileno = fileno
        self.messages: list[Message] = []
        self.changed = threading.Condition()

    def process_message(self, message: Message) -> None:
        with self.changed:
            self.messages.append(message)
            self.changed.notify_all()

    def wait_for_taps(self, count: int, timeout: float = 10.0) -> list[tuple[str, int, int]]:
        """Wait (bounded) until the thread has posted `count` mouse downs/ups."""
        with self.changed:
            self.changed.wait_for(lambda: len(taps(self.messages)) >= count, timeout)
            return taps(self.messages)


@pytest.fixture
async def pipe_driver() -> AsyncIterator[tuple[PipeDriver, int, threading.Thread]]:
    """The driver is built in a running event loop, as Textual builds it."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    read_end, write_end = os.pipe()
    driver = PipeDriver(read_end)
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        yield driver, write_end, thread
    finally:
        driver.exit_event.set()
        thread.join(timeout=5)
        os.close(write_end)
        os.close(read_end)
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.parametrize(
    "hostile",
    [b"\x9b", b"\xff\xfe\xc3\x28", b"\x1b[M\xff\xff\xff", b"\xc3", b"\x1b[99999999u"],
    ids=["csi-8bit", "invalid-utf8", "x10-mouse-high", "truncated-utf8", "huge-codepoint"],
)
async def test_input_thread_drops_hostile_bytes_and_keeps_reading(
    pipe_driver: tuple[PipeDriver, int, threading.Thread], hostile: bytes
) -> None:
    driver, write_end, thread = pipe_driver
    os.write(write_end, hostile)
    os.write(write_end, TAP.encode())
    assert driver.wait_for_taps(2) == TAP_EVENTS
    assert thread.is_alive()


async def test_reset_input_gives_a_fresh_parser(
    pipe_driver: tuple[PipeDriver, int, threading.Thread],
) -> None:
    """The idle reset does not wait for the paste timeout: the next visitor's tap works."""
    driver, write_end, _thread = pipe_driver
    os.write(write_end, (PASTE_START + "left by someone").encode())
    deadline = time.monotonic() + 5
    while not (driver.input_parser and driver.input_parser.in_paste):
        assert time.monotonic() < deadline, "the input thread never read the paste start"
        await asyncio.sleep(0.01)
    driver.reset_input()
    os.write(write_end, TAP.encode())
    assert driver.wait_for_taps(2) == TAP_EVENTS
    assert pastes(driver.messages) == []


# --- the App uses it ---------------------------------------------------------------------------


def test_the_kiosk_runs_on_the_hardened_driver(sqlite_url: str) -> None:
    from kiosk.app import make_app
    from kiosk.config import load_settings

    app = make_app(load_settings({"KIOSK_DATABASE_URL": sqlite_url}))
    assert app.driver_class is KioskDriver


async def test_idle_reset_gives_the_next_visitor_a_fresh_input_parser(sqlite_url: str) -> None:
    from kiosk.screens.visitor.attract import AttractScreen
    from kiosk.screens.visitor.still_there import StillThereScreen
    from tests.support.pilot import make_test_app

    clock = FakeClock()
    app = make_test_app(sqlite_url, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        resets: list[bool] = []
        app._driver.reset_input = lambda: resets.append(True)  # type: ignore[union-attr]
        await pilot.click("#lang-en")  # a visit under way
        clock.advance(app.settings.idle_timeout + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen) and resets == []
        for _ in range(60):  # the countdown runs out, ticked by hand
            if not isinstance(app.screen, StillThereScreen):
                break
            app.screen.tick()
            await pilot.pause()
        assert isinstance(app.screen, AttractScreen)
        assert resets == [True]
