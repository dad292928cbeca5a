"""One logging setup for every `kiosk` command: the journal or a rotating file, never the screen."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import socket
import struct
import sys
from pathlib import Path

from platformdirs import user_log_dir

JOURNAL_SOCKET = "/run/systemd/journal/socket"
LOG_FILE = "kiosk.log"
IDENTIFIER = "kiosk"
# Database drivers put the offending values in their messages ("DETAIL:  Key (x)=(…)",
# "VALUES ('Maria', …)"); a log line must never carry a visitor's name, phone or e-mail.
_DETAIL = re.compile(r"(DETAIL:|Key \(|VALUES\s*\().*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d(?:[ .]?\d){8,}")  # 9+ digits: phones, not dates or times
_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def scrub(text: str) -> str:
    """Drop the parts of a message that may hold personal data (driver details, e-mails, phones)."""
    text = _DETAIL.sub("[details removed]", text)
    text = _EMAIL.sub("[e-mail removed]", text)
    return _PHONE.sub("[number removed]", text)


class ScrubbingFormatter(logging.Formatter):
    """A formatter whose whole output, tracebacks included, goes through `scrub`."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the traceback text already: scrub the result.
        return scrub(super().format(record))


class JournalHandler(logging.Handler):
    """Send records to systemd-journald over its native socket (no python-systemd needed)."""

    def __init__(self, path: str | None = None, identifier: str = IDENTIFIER):
        super().__init__()
        self.path = path or JOURNAL_SOCKET
        self.identifier = identifier
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.connect(self.path)

    @staticmethod
    def _field(name: str, value: str) -> bytes:
        data = value.encode("utf-8", "replace")
        if b"\n" in data:  # the binary-safe form: name, newline, 64-bit length, data
            return name.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
        return name.encode() + b"=" + data + b"\n"

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)[:60_000]  # well inside one datagram
            fields = {
                "MESSAGE": message,
                "PRIORITY": str(_PRIORITY.get(record.levelno, 6)),
                "SYSLOG_IDENTIFIER": self.identifier,
                "LOGGER": record.name,
                "CODE_FILE": record.pathname,
                "CODE_LINE": str(record.lineno),
                "CODE_FUNC": record.funcName,
            }
            self.sock.send(b"".join(self._field(k, v) for k, v in fields.items()))
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.sock.close()
        super().close()


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created 0600 whatever the umask."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def log_dir() -> Path:
    """KIOSK_LOG_DIR, else systemd's LOGS_DIRECTORY, else the user's log folder."""
    configured = os.environ.get("KIOSK_LOG_DIR") or os.environ.get("LOGS_DIRECTORY", "")
    first = configured.split(":")[0]
    return Path(first).expanduser() if first else Path(user_log_dir("sportello-cpf"))


def _use_journal() -> bool:
    # A log folder named on purpose wins; otherwise the journal wherever systemd runs.
    return not os.environ.get("KIOSK_LOG_DIR") and os.path.exists(JOURNAL_SOCKET)


def setup_logging(
    *, screen: bool, level: int = logging.INFO, journal: bool | None = None
) -> logging.Handler:
    """Configure the root logger once for any command; returns the handler in use.

    Records go to the journal when there is one (its socket exists and KIOSK_LOG_DIR is not
    set), else to a private rotating file in the log folder. `screen=True` is the running
    kiosk: Textual owns the terminal, so when neither works nothing is logged rather than
    drawn over the screen; other commands then fall back to stderr. Commands print what
    the person at the terminal must read themselves, so nothing is said twice.
    """
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_kiosk", False):
            root.removeHandler(old)
            old.close()
    formatter = ScrubbingFormatter("%(name)s: %(message)s")
    handler: logging.Handler | None = None
    if journal if journal is not None else _use_journal():
        try:
            handler = JournalHandler()
        except OSError:
            handler = None
    if handler is None:
        folder = log_dir()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handler = PrivateRotatingFileHandler(
                folder / LOG_FILE, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
            formatter = ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        except OSError:
            if screen:
                handler = logging.NullHandler()
            else:
                handler = logging.StreamHandler(sys.stderr)
                handler.setLevel(logging.WARNING)
                formatter = ScrubbingFormatter("kiosk: %(message)s")
    handler.setFormatter(formatter)
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # peewee logs every query with its parameters at DEBUG: visitors' names and phones.
    logging.getLogger("peewee").setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return handler
