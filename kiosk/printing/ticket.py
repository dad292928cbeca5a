"""What a paper ticket says, and how it is laid out as ESC/POS commands (python-escpos)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import qrcode

if TYPE_CHECKING:
    from escpos.escpos import Escpos
    from PIL import Image

QR_MODULE_DOTS = 6  # dots per QR module (0.75 mm at 203 dpi): easy for any phone camera
QR_BORDER = 4  # modules of quiet zone, as on screen
PAPER_DOTS = 384  # printable width of 58 mm paper at 203 dpi, the narrowest roll in use


@dataclass(frozen=True)
class TicketText:
    """Everything printed, already in the visitor's language; nothing personal."""

    centre: str  # the centre's name (office.yaml)
    service: str  # the service or event of the list
    code: str  # the ticket code, printed large
    code_caption: str  # "Il tuo codice"
    position: str  # "Sei il 4° in lista" ('' when no longer in line)
    date: str  # the day, written in the visitor's language
    how_to: str  # how to check or cancel
    qr_data: str  # exactly what the on-screen QR code carries
    contact: str  # the desk's contact (office.yaml)


def qr_image(data: str) -> Image.Image:
    """The QR code as a black-on-white bitmap, with its quiet zone (same content as on screen).

    Pillow comes with the `printer` extra (python-escpos needs it): only a kiosk with a printer
    draws a ticket, so the kiosk itself starts without it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(data)
    code.make(fit=True)
    modules = len(code.get_matrix())  # quiet zone included
    code.box_size = max(1, min(QR_MODULE_DOTS, PAPER_DOTS // modules))  # a long link still fits
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("1")


def lay_out(printer: Escpos, ticket: TicketText) -> None:
    """Send the ticket to `printer` (any python-escpos connection, Dummy included)."""
    printer.set(align="center", bold=True)
    printer.textln(ticket.centre)
    printer.set(align="center", bold=False)
    printer.textln(ticket.service)
    printer.ln()
    printer.textln(ticket.code_caption)
    printer.set(align="center", bold=True, double_width=True, double_height=True)
    printer.textln(ticket.code)
    printer.set(align="center", bold=False, normal_textsize=True)
    if ticket.position:
        printer.textln(ticket.position)
    printer.textln(ticket.date)
    printer.ln()
    # The QR as our own bitmap, in the raster format (GS v 0): every printer that prints
    # images prints it the same, and the test can read it back.
    # Centred by the printer's own alignment (python-escpos's center= needs a paper profile).
    printer.set(align="center")
    printer.image(qr_image(ticket.qr_data), impl="bitImageRaster")
    printer.set(align="left")
    printer.textln(ticket.how_to)
    if ticket.contact:
        printer.ln()
        printer.textln(ticket.contact)
    printer.cut()
