"""The real `kiosk run` in tmux: it starts, a real tap works, no key or hostile byte ends it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

WIDTH, HEIGHT = 100, 30
START_TIMEOUT = 30.0
STEP_TIMEOUT = 10.0


class Terminal:
    """A tmux server of our own (private socket), holding one session that runs the kiosk."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return done.stdout

    def screen(self) -> list[str]:
        return self.tmux("capture-pane", "-p", "-t", "kiosk").splitlines()

    def wait_for(self, condition: Callable[[str], bool], timeout: float, what: str) -> str:
        """Poll the pane (bounded) until `condition(text)` holds."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = "\n".join(self.screen())
            if condition(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; the pane shows:\n{text}")

    def tap(self, text: str) -> None:
        """A real mouse click (SGR 1006 press and release) on the first cell showing `text`."""
        for row, line in enumerate(self.screen()):
            column = line.find(text)
            if column >= 0:
                x, y = column + 2, row + 1  # 1-based; one cell into the word
                self.tmux("send-keys", "-t", "kiosk", "-l", f"\x1b[<0;{x};{y}M")
                self.tmux("send-keys", "-t", "kiosk", "-l", f"\x1b[<0;{x};{y}m")
                return
        raise AssertionError(f"{text!r} is not on the screen")

    def send_bytes(self, data: bytes) -> None:
        """Raw bytes on the kiosk's input, as a broken or hostile terminal would send them."""
        self.tmux("send-keys", "-t", "kiosk", "-H", *(f"{byte:02x}" for byte in data))

    def pane_dead(self) -> bool:
        return self.tmux("list-panes", "-t", "kiosk", "-F", "#{pane_dead}").strip() == "1"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    for sub in ("data", "config", "cache", "state"):
        (home / sub).mkdir(parents=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.db'}",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    term = Terminal(f"kiosk-test-{uuid.uuid4().hex[:10]}", env)
    command = f"{sys.executable} -m kiosk run"
    # remain-on-exit is set in the same tmux command, before the kiosk could possibly exit.
    term.tmux(
        "new-session", "-d", "-s", "kiosk", "-x", str(WIDTH), "-y", str(HEIGHT), command,
        ";", "set-option", "-t", "kiosk", "remain-on-exit", "on",
    )  # fmt: skip
    try:
        yield term
    finally:
        subprocess.run(
            ["tmux", "-L", term.socket, "kill-server"], env=env, capture_output=True, timeout=10
        )


def test_kiosk_runs_answers_a_tap_and_ignores_quit_keys(terminal: Terminal) -> None:
    terminal.wait_for(lambda t: "Di cosa hai bisogno?" in t, START_TIMEOUT, "the attract screen")
    terminal.tap("Di cosa hai bisogno?")
    terminal.wait_for(lambda t: "Informazioni e orientamento" in t, STEP_TIMEOUT, "the needs")

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
    text = terminal.wait_for(
        lambda t: "Informazioni e orientamento" in t, STEP_TIMEOUT, "the needs after bad bytes"
    )
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
            terminal.wait_for(lambda t: "Informazioni e orientamento" in t, 0.5, "the needs")
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("taps stayed swallowed by the unterminated paste")
    assert "never ended" not in "\n".join(terminal.screen())
    assert not terminal.pane_dead()
