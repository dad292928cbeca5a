"""The real `kiosk run` in a tmux pane of a private tmux server: taps, wheel turns, key taps."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 30.0
STEP_TIMEOUT = 10.0
REPO = Path(__file__).resolve().parents[2]


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

    def click(self, column: int, row: int) -> None:
        """A finger on one cell (0-based): an SGR 1006 press and release."""
        x, y = column + 1, row + 1
        self.tmux("send-keys", "-t", "kiosk", "-l", f"\x1b[<0;{x};{y}M")
        self.tmux("send-keys", "-t", "kiosk", "-l", f"\x1b[<0;{x};{y}m")

    def wheel_down(self, column: int, row: int) -> None:
        """One wheel turn down on a cell (0-based), as foot sends for a finger dragged up."""
        self.tmux("send-keys", "-t", "kiosk", "-l", f"\x1b[<65;{column + 1};{row + 1}M")

    def find(self, text: str) -> tuple[int, int]:
        """(column, row) of the first cell showing `text`."""
        for row, line in enumerate(self.screen()):
            column = line.find(text)
            if column >= 0:
                return column, row
        raise AssertionError(f"{text!r} is not on the screen")

    def tap(self, text: str) -> None:
        """A real mouse click (SGR 1006 press and release) on the first cell showing `text`."""
        column, row = self.find(text)
        self.click(column + 1, row)  # one cell into the word

    def key_cell(self, label: str) -> tuple[int, int] | None:
        """(column, row) of the on-screen key labelled `label` (either case), None if absent.

        A key is drawn as a box: its label stands alone on its line, under the box's top edge.
        """
        lines = self.screen()
        for row in range(len(lines) - 1, 0, -1):
            line, above = lines[row], lines[row - 1]
            for column in range(1, len(line) - 1):
                if (
                    line[column].lower() == label.lower()
                    and line[column - 1] == " "
                    and line[column + 1] == " "
                    and column < len(above)
                    and above[column] == "▔"
                ):
                    return column, row
        return None

    def tap_key(self, label: str) -> None:
        cell = self.key_cell(label)
        assert cell is not None, f"no key {label!r} on the screen:\n" + "\n".join(self.screen())
        self.click(*cell)

    def send_bytes(self, data: bytes) -> None:
        """Raw bytes on the kiosk's input, as a broken or hostile terminal would send them."""
        self.tmux("send-keys", "-t", "kiosk", "-H", *(f"{byte:02x}" for byte in data))

    def pane_dead(self) -> bool:
        return self.tmux("list-panes", "-t", "kiosk", "-F", "#{pane_dead}").strip() == "1"


@contextmanager
def kiosk_in_tmux(tmp_path: Path, width: int, height: int, **settings: str) -> Iterator[Terminal]:
    """`kiosk run` in a width×height pane, with a private home and SQLite file in `tmp_path`.

    `settings` are extra environment variables (KIOSK_IDLE_TIMEOUT="10", …). The database is
    `tmp_path / "kiosk.db"`.
    """
    home = tmp_path / "home"
    for sub in ("data", "config", "cache", "state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
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
        "PYTHONPATH": str(REPO),
        **settings,
    }
    term = Terminal(f"kiosk-test-{uuid.uuid4().hex[:10]}", env)
    command = f"{sys.executable} -m kiosk run"
    # remain-on-exit is set in the same tmux command, before the kiosk could possibly exit.
    term.tmux(
        "new-session", "-d", "-s", "kiosk", "-x", str(width), "-y", str(height), command,
        ";", "set-option", "-t", "kiosk", "remain-on-exit", "on",
    )  # fmt: skip
    try:
        yield term
    finally:
        subprocess.run(
            ["tmux", "-L", term.socket, "kill-server"], env=env, capture_output=True, timeout=10
        )
