"""Terminal input that hostile bytes cannot kill or deafen: Textual's Linux driver, hardened."""

from __future__ import annotations

import logging
import os
import selectors
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

log = logging.getLogger(__name__)

PASTE_MAX_SECONDS = 1.0  # a terminal sends a real paste at once; longer means no end is coming
PASTE_MAX_CHARS = 1000  # more than any field of the kiosk takes


class KioskInputParser(XTermParser):
    """Textual's parser, plus an end to bracketed pastes that never end.

    An `ESC [200~` without its `ESC [201~` makes Textual's parser take every later byte (taps
    included) as pasted text. Here a paste still open after PASTE_MAX_SECONDS or
    PASTE_MAX_CHARS is ended and thrown away, and so is any paste longer than that.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tail = ""  # end of the previous chunk: a marker may arrive split in two
        self._paste_started: float | None = None
        self._paste_chars = 0
        self._paste_too_long = False
        super().__init__()

    @property
    def in_paste(self) -> bool:
        """True between a paste start and its end (as far as the bytes seen tell)."""
        return self._paste_started is not None

    def feed(self, data: str) -> Iterable[Message]:
        tokens = list(super().feed(data))
        self._track_paste(data)
        if self._paste_started is not None and self._paste_chars > PASTE_MAX_CHARS:
            self._end_paste("too long")
        return self._without_discarded_pastes(tokens)

    def tick(self) -> Iterable[Message]:
        tokens = list(super().tick())
        started = self._paste_started
        if started is not None and self._clock() - started > PASTE_MAX_SECONDS:
            self._end_paste("never ended")
        return tokens

    def _track_paste(self, data: str) -> None:
        """Follow paste start and end markers through the raw text (split chunks included)."""
        text = self._tail + data
        index = 0
        while True:
            marker = BRACKETED_PASTE_END if self.in_paste else BRACKETED_PASTE_START
            found = text.find(marker, index)
            if found < 0:
                break
            if self.in_paste:
                self._paste_chars += found - index
                self._paste_started = None
                self._paste_too_long = self._paste_chars > PASTE_MAX_CHARS
            else:
                self._paste_started = self._clock()
                self._paste_chars = 0
                self._paste_too_long = False
            index = found + len(marker)
        if self.in_paste:
            self._paste_chars += len(text) - max(index, len(self._tail))
        keep = len(BRACKETED_PASTE_START) - 1
        self._tail = text[max(index, len(text) - keep) :]

    def _end_paste(self, why: str) -> None:
        """Close the open paste inside Textual's parser and drop what it held."""
        log.warning("terminal input: a bracketed paste %s; discarded", why)
        self._paste_started = None
        self._tail = ""
        # Whatever the parser gives back for the forced end is part of the discarded paste.
        for _token in super().feed(BRACKETED_PASTE_END):
            pass

    def _without_discarded_pastes(self, tokens: list[Message]) -> list[Message]:
        """Drop the Paste of a paste that ended, but too long (its end was in this chunk)."""
        if not self._paste_too_long:
            return tokens
        kept = []
        for token in tokens:
            if isinstance(token, events.Paste):
                self._paste_too_long = False
                continue
            kept.append(token)
        return kept


class KioskDriver(LinuxDriver):
    """Linux driver whose input thread drops undecodable bytes and survives parser errors.

    Textual's own thread dies on the first invalid UTF-8 byte (`\\x9b`, `\\xff`, an X10 mouse
    report with a coordinate >= 0x80): the app then ends with a traceback and exit code 0.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._reset_input = threading.Event()
        self.input_parser: KioskInputParser | None = None  # owned by the input thread

    def reset_input(self) -> None:
        """Start the next input from a fresh parser (asked by the idle reset; thread-safe)."""
        self._reset_input.set()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, hardened)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        self.input_parser = KioskInputParser()
        # Undecodable bytes are dropped; an incomplete character waits for its next bytes.
        decode = getincrementaldecoder("utf-8")(errors="ignore").decode
        try:
            while not self.exit_event.is_set():
                ready = selector.select(0.1)
                if self._reset_input.is_set():  # checked after the wait: before what it read
                    self._reset_input.clear()
                    self.input_parser = KioskInputParser()
                if ready:
                    data = os.read(self.fileno, 1024 * 4)
                    if not data:
                        log.warning("terminal input closed; no more input is read")
                        self.exit_event.wait()
                        break
                    text = decode(data)
                    if text:  # an empty feed would tell Textual's parser the input has ended
                        self._dispatch(KioskInputParser.feed, text)
                self._dispatch(KioskInputParser.tick)
            selector.unregister(self.fileno)
        finally:
            selector.close()

    def _dispatch(self, step: Callable[..., Iterable[Message]], text: str = "") -> None:
        """Run one parser step (feed `text`, or tick) and post its events.

        Input the parser cannot take (it raises) is dropped with a fresh parser.
        """
        assert self.input_parser is not None
        try:
            messages = list(step(self.input_parser, text) if text else step(self.input_parser))
        except Exception:
            log.warning("terminal input could not be parsed; dropped", exc_info=True)
            self.input_parser = KioskInputParser()
            # Parse the rest again a character at a time, so a tap behind the bad bytes counts.
            messages = []
            for char in text:
                try:
                    messages += self.input_parser.feed(char)
                except Exception:
                    self.input_parser = KioskInputParser()
        for message in messages:
            self.process_message(message)
