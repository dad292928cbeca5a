"""Talking to the receipt printer: open, ask its state, print a ticket, all within a timeout.

The whole ticket is laid out first in memory (python-escpos's Dummy), then sent in one write:
an error never leaves half a ticket with no code on it. Every call is blocking and meant for
a worker thread; `print_ticket` and `printer_state` never take longer than their timeout (a
hung USB or serial driver is left behind in a daemon thread).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from kiosk.clock import local_now
from kiosk.printing.target import PrinterTarget, parse_printer
from kiosk.printing.ticket import TicketText, lay_out

if TYPE_CHECKING:
    from escpos.escpos import Escpos

log = logging.getLogger(__name__)
T = TypeVar("T")

PRINT_TIMEOUT = 15.0  # seconds for one ticket, connection included
STATE_TIMEOUT = 4.0  # seconds for the staff status query
IO_TIMEOUT = 3  # seconds for one read or write on the connection
# Problems, as the screens tell them apart: every one leaves the ticket on screen.
NOT_CONFIGURED, MISSING, OFFLINE, NO_PAPER, TIMEOUT, ERROR = (
    "not_configured",
    "missing",
    "offline",
    "no_paper",
    "timeout",
    "error",
)
READY, PAPER_LOW, UNKNOWN = "ready", "paper_low", "unknown"


class PrinterProblem(Exception):
    """The ticket was not printed; `problem` is one of the names above."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(f"{problem}: {detail}" if detail else problem)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class PrinterState:
    """What staff see: the setting, the printer's answer now, and the last ticket's outcome."""

    setting: str
    state: (
        str  # none | ready | paper_low | no_paper | offline | missing | unknown | error | timeout
    )
    detail: str = ""
    last_outcome: str = ""  # printed | a problem name | '' (no ticket since start)
    last_at: dt.datetime | None = None  # local time of the last ticket attempt


_last_lock = threading.Lock()
_last: tuple[str, dt.datetime] | None = None


def _remember(outcome: str) -> None:
    global _last
    with _last_lock:
        _last = (outcome, local_now())


def _open(target: PrinterTarget) -> Escpos:
    """The python-escpos connection for `target`, opened (DeviceNotFoundError if absent)."""
    from escpos import printer

    connection: Escpos
    match target.kind:
        case "usb":
            connection = printer.Usb(target.vendor, target.product, timeout=IO_TIMEOUT * 1000)
        case "network":
            connection = printer.Network(target.host, target.port, timeout=IO_TIMEOUT)
        case "serial":
            connection = printer.Serial(target.path, target.baud, timeout=IO_TIMEOUT)
        case "file":
            connection = printer.File(target.path)
        case _:
            raise PrinterProblem(NOT_CONFIGURED)
    connection.open()
    return connection


def _answer(connection: Escpos, query: bytes) -> int | None:
    """The status byte the printer answers to `query`; None when it cannot or does not."""
    try:
        reply = connection.query_status(query)
    except (NotImplementedError, AttributeError, OSError, TimeoutError):
        return None  # a file or a one-way connection: no answer to expect
    except Exception:  # python-escpos wraps driver errors in its own; still "no answer"
        return None
    return reply[0] if reply else None


ANSWERING = ("usb", "network", "serial")  # connections a printer can answer status on


def _status(connection: Escpos, target: PrinterTarget) -> str:
    """READY, PAPER_LOW, NO_PAPER, OFFLINE, or UNKNOWN when the connection cannot answer.

    A file (a device node, or a file in tests) is written only: a query would be printed."""
    if target.kind not in ANSWERING:
        return UNKNOWN
    from escpos.constants import (
        RT_MASK_LOWPAPER,
        RT_MASK_NOPAPER,
        RT_MASK_ONLINE,
        RT_STATUS_ONLINE,
        RT_STATUS_PAPER,
    )

    online = _answer(connection, RT_STATUS_ONLINE)
    if online is not None and online & RT_MASK_ONLINE:
        return OFFLINE
    paper = _answer(connection, RT_STATUS_PAPER)
    if paper is not None and paper & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
        return NO_PAPER
    if paper is not None and paper & RT_MASK_LOWPAPER == RT_MASK_LOWPAPER:
        return PAPER_LOW
    return READY if online is not None or paper is not None else UNKNOWN


def _within(seconds: float, job: Callable[[], T]) -> T:
    """`job()` in a daemon thread; PrinterProblem(TIMEOUT) when it takes longer."""
    box: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            box.append(job())
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=run, name="ticket-printer", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise PrinterProblem(TIMEOUT, f"no answer within {seconds:g} s")
    if errors:
        raise errors[0]
    return box[0]


def _classify(exc: Exception) -> PrinterProblem:
    from escpos.exceptions import DeviceNotFoundError

    if isinstance(exc, PrinterProblem):
        return exc
    if isinstance(exc, DeviceNotFoundError | FileNotFoundError | ConnectionError):
        return PrinterProblem(MISSING, type(exc).__name__)
    if isinstance(exc, TimeoutError):
        return PrinterProblem(TIMEOUT, type(exc).__name__)
    return PrinterProblem(ERROR, type(exc).__name__)


def render(ticket: TicketText) -> bytes:
    """The ticket's ESC/POS byte stream, made in memory."""
    from escpos.printer import Dummy

    from kiosk.printing.ticket import PAPER_DOTS

    dummy = Dummy()
    # The paper's width, on this instance only (python-escpos's default profile says
    # "Unknown" and prints a warning on stdout for every image).
    profile = dict(dummy.profile.profile_data)
    profile["media"] = {"width": {"pixels": PAPER_DOTS}}
    dummy.profile.profile_data = profile
    lay_out(dummy, ticket)
    return bytes(dummy.output)


def _send(target: PrinterTarget, data: bytes) -> None:
    connection = _open(target)
    try:
        state = _status(connection, target)
        if state in (OFFLINE, NO_PAPER):
            raise PrinterProblem(state)
        connection._raw(data)
    finally:
        connection.close()


def print_ticket(setting: str, ticket: TicketText, *, timeout: float = PRINT_TIMEOUT) -> None:
    """Print `ticket` on the printer of KIOSK_PRINTER `setting`; PrinterProblem if not printed.

    Blocking: call it from a worker thread. The problem is logged by name, never the text."""
    target = parse_printer(setting)
    if not target.configured:
        raise PrinterProblem(NOT_CONFIGURED)
    data = render(ticket)
    try:
        _within(timeout, lambda: _send(target, data))
    except Exception as exc:
        problem = _classify(exc)
        log.warning("ticket not printed: %s (%s)", problem.problem, problem.detail)
        _remember(problem.problem)
        raise problem from exc
    _remember("printed")


def printer_state(setting: str, *, timeout: float = STATE_TIMEOUT) -> PrinterState:
    """Ask the printer how it is (for staff); never raises, never prints."""
    target = parse_printer(setting)
    with _last_lock:
        last = _last
    outcome, at = last if last else ("", None)
    if not target.configured:
        return PrinterState("none", "none", last_outcome=outcome, last_at=at)

    def ask() -> str:
        connection = _open(target)
        try:
            return _status(connection, target)
        finally:
            connection.close()

    try:
        state, detail = _within(timeout, ask), ""
    except Exception as exc:
        problem = _classify(exc)
        state, detail = problem.problem, problem.detail
    return PrinterState(target.setting, state, detail, outcome, at)
