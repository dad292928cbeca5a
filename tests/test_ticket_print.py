"""The paper ticket: its ESC/POS bytes read back (text, raster QR decoded by zxing-cpp), and a
printer that is missing, out of paper or silent, through a file and a local TCP printer."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp

from kiosk.config import ConfigError, load_settings
from kiosk.printing import device
from kiosk.printing.device import PrinterProblem, print_ticket, printer_state, render
from kiosk.printing.target import PrinterSettingError, parse_printer
from kiosk.printing.ticket import TicketText
from kiosk.screens.waitlist.base import ticket_qr_data
from tests.support.escpos_reader import read

CODE = "ACD479"
QR = ticket_qr_data(CODE, "https://www.example.it/servizi/percorso-nascita")


def ticket(**changes: str) -> TicketText:
    values = {
        "centre": "Sportello informativo del Centro per le Famiglie",
        "service": "Percorso nascita",
        "code": CODE,
        "code_caption": "Il tuo codice",
        "position": "Sei il 4° in lista",
        "date": "lunedì 23 novembre 2026",
        "how_to": "Per vedere il tuo posto o cancellarti: «Ho un codice» al totem.",
        "qr_data": QR,
        "contact": "Chiedi al personale dello sportello.",
    }
    return TicketText(**{**values, **changes})


def decoded_qr(stream: bytes) -> list[str]:
    printout = read(stream)
    assert len(printout.images) == 1
    return [r.text for r in zxingcpp.read_barcodes(printout.images[0])]


def test_printed_qr_decodes_to_the_on_screen_text_and_the_code_is_large() -> None:
    stream = render(ticket())
    assert decoded_qr(stream) == [QR]
    printout = read(stream)
    assert printout.big_lines == [CODE]  # double width and height: the code, nothing else
    assert printout.lines[:2] == [
        "Sportello informativo del Centro per le Famiglie",
        "Percorso nascita",
    ]
    assert "Sei il 4° in lista" in printout.lines
    assert printout.cut


def test_a_long_link_still_fits_the_narrowest_paper() -> None:
    long = ticket_qr_data(CODE, "https://www.comune.lucca.it/" + "servizi/" * 12 + "x")
    printout = read(render(ticket(qr_data=long)))
    assert printout.images[0].width <= 384
    assert [r.text for r in zxingcpp.read_barcodes(printout.images[0])] == [long]


def test_control_characters_in_content_never_reach_the_printer() -> None:
    from kiosk.printing.content import paper

    assert paper("Centro\x1b@\x1dV\x00 per le Famiglie\x9b") == "Centro@V per le Famiglie"


def test_a_file_printer_gets_the_whole_ticket(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    out.touch()
    print_ticket(f"file:{out}", ticket())
    assert decoded_qr(out.read_bytes()) == [QR]
    assert device.printer_state(f"file:{out}").last_outcome == "printed"


def test_a_missing_printer_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(PrinterProblem) as problem:
        print_ticket(f"file:{tmp_path}/no-such-dir/lp0", ticket())
    assert problem.value.problem == "missing"
    state = printer_state(f"file:{tmp_path}/no-such-dir/lp0")
    assert (state.state, state.last_outcome) == ("missing", "missing")


class TcpPrinter:
    """A receipt printer on 127.0.0.1: answers status queries with the bytes it is given."""

    def __init__(self, online: bytes | None = b"\x16", paper: bytes | None = b"\x12") -> None:
        self.online, self.paper = online, paper
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                while chunk := conn.recv(65536):
                    self.received += chunk
                    for query, answer in (
                        (b"\x10\x04\x01", self.online),
                        (b"\x10\x04\x04", self.paper),
                    ):
                        if chunk.endswith(query) and answer is not None:
                            conn.sendall(answer)

    def close(self) -> None:
        self.done.set()
        self.server.close()


@pytest.fixture
def tcp_printer() -> Iterator[type[TcpPrinter]]:
    made: list[TcpPrinter] = []

    def make(**kwargs: bytes | None) -> TcpPrinter:
        printer = TcpPrinter(**kwargs)
        made.append(printer)
        return printer

    yield make  # type: ignore[misc]
    for printer in made:
        printer.close()


def test_a_network_printer_that_answers_ready_prints(tcp_printer: type[TcpPrinter]) -> None:
    printer = tcp_printer()
    print_ticket(f"network:127.0.0.1:{printer.port}", ticket())
    printer.close()
    printer.thread.join(timeout=10)
    stream = bytes(printer.received).replace(b"\x10\x04\x01", b"").replace(b"\x10\x04\x04", b"")
    assert decoded_qr(stream) == [QR]
    assert printer_state(f"network:127.0.0.1:{printer.port}").setting.startswith("network:")


def test_out_of_paper_is_told_and_nothing_is_printed(tcp_printer: type[TcpPrinter]) -> None:
    printer = tcp_printer(paper=b"\x72")
    with pytest.raises(PrinterProblem) as problem:
        print_ticket(f"network:127.0.0.1:{printer.port}", ticket())
    assert problem.value.problem == "no_paper"
    assert CODE.encode() not in printer.received
    assert printer_state(f"network:127.0.0.1:{printer.port}").state == "no_paper"


def test_an_offline_printer_is_told(tcp_printer: type[TcpPrinter]) -> None:
    printer = tcp_printer(online=b"\x1e")
    with pytest.raises(PrinterProblem) as problem:
        print_ticket(f"network:127.0.0.1:{printer.port}", ticket())
    assert problem.value.problem == "offline"


def test_a_silent_printer_ends_in_a_timeout(tcp_printer: type[TcpPrinter]) -> None:
    printer = tcp_printer(online=None, paper=None)  # takes the bytes, never answers
    with pytest.raises(PrinterProblem) as problem:
        print_ticket(f"network:127.0.0.1:{printer.port}", ticket(), timeout=0.5)
    assert problem.value.problem == "timeout"


def test_nothing_listening_is_a_missing_printer() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(PrinterProblem) as problem:
        print_ticket(f"network:127.0.0.1:{port}", ticket())
    assert problem.value.problem == "missing"


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("none", "none"),
        ("", "none"),
        ("usb:04b8:0202", "usb:04b8:0202"),
        ("USB:0x4B8:0x202", "usb:04b8:0202"),
        ("network:192.168.1.50", "network:192.168.1.50:9100"),
        ("network:printer.local:9101", "network:printer.local:9101"),
        ("serial:/dev/ttyUSB0", "serial:/dev/ttyUSB0:9600"),
        ("serial:/dev/ttyS1:19200", "serial:/dev/ttyS1:19200"),
        ("file:/dev/usb/lp0", "file:/dev/usb/lp0"),
    ],
)
def test_printer_settings_are_read(written: str, normal: str) -> None:
    assert parse_printer(written).setting == normal


@pytest.mark.parametrize(
    "wrong",
    [
        "usb:04b8",
        "usb:xyz:0202",
        "network:",
        "network:host:99999",
        "serial:ttyUSB0",
        "serial:/dev/ttyUSB0:1234",
        "file:lp0",
        "bluetooth:aa",
    ],
)
def test_wrong_printer_settings_say_what_to_write(wrong: str) -> None:
    with pytest.raises(PrinterSettingError):
        parse_printer(wrong)
    with pytest.raises(ConfigError) as error:
        load_settings({"KIOSK_PRINTER": wrong})
    assert str(error.value).startswith("KIOSK_PRINTER=")


def test_offer_auto_is_on_unless_said_otherwise() -> None:
    assert load_settings({}).offer_auto is True
    assert load_settings({"KIOSK_OFFER_AUTO": "false"}).offer_auto is False
    with pytest.raises(ConfigError):
        load_settings({"KIOSK_OFFER_AUTO": "no"})
