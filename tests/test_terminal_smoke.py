"""The real `kiosk run` in tmux: it starts, a real tap works, no key or hostile byte ends it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.terminal import START_TIMEOUT, STEP_TIMEOUT, Terminal, kiosk_in_tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

WIDTH, HEIGHT = 100, 30
NEEDS_SHOWN = "Adozione e affido"  # a need tile's name short enough not to wrap at any size


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with kiosk_in_tmux(tmp_path, WIDTH, HEIGHT) as term:
        yield term


def test_kiosk_runs_answers_a_tap_and_ignores_quit_keys(terminal: Terminal) -> None:
    terminal.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    terminal.tap("Di cosa hai bisogno?")
    terminal.wait_for(lambda t: NEEDS_SHOWN in t, STEP_TIMEOUT, "the needs")

    for key in ("C-q", "C-c"):
        terminal.tmux("send-keys", "-t", "kiosk", key)
    # The keys must change nothing: the kiosk still answers the next tap.
    terminal.tap("Home")
    terminal.wait_for(lambda t: "Tocca lo schermo per iniziare" in t, STEP_TIMEOUT, "home")
    assert not terminal.pane_dead()
    terminal.tap("Cerca")
    terminal.wait_for(lambda t: "Spazio" in t and "Maiusc" in t, STEP_TIMEOUT, "the keyboard")
    assert not terminal.pane_dead()


HOSTILE_INPUT = [
    b"\x9b",  # a C1 CSI byte: not UTF-8
    b"\xff\xfe\xc3\x28",  # invalid UTF-8
    b"\x1b[M\xff\xff\xff",  # legacy X10 mouse report with coordinates >= 0x80
    b"\x1b[99999999u",  # a keyboard-protocol key beyond Unicode
]


def test_hostile_bytes_neither_end_nor_deafen_the_kiosk(terminal: Terminal) -> None:
    terminal.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    for data in HOSTILE_INPUT:
        terminal.send_bytes(data)
    terminal.tap("Di cosa hai bisogno?")
    text = terminal.wait_for(lambda t: NEEDS_SHOWN in t, STEP_TIMEOUT, "the needs after bad bytes")
    assert "Traceback" not in text and "Error" not in text
    assert not terminal.pane_dead()


def test_unterminated_bracketed_paste_does_not_swallow_later_taps(terminal: Terminal) -> None:
    terminal.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    terminal.send_bytes(b"\x1b[200~never ended")
    # Taps during the paste's grace time are part of the (discarded) paste; once it is ended a
    # tap works again. Tap until it does, within a bounded time.
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        terminal.tap("Di cosa hai bisogno?")
        try:
            terminal.wait_for(lambda t: NEEDS_SHOWN in t, 0.5, "the needs")
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("taps stayed swallowed by the unterminated paste")
    assert "never ended" not in "\n".join(terminal.screen())
    assert not terminal.pane_dead()
