"""The words of a paper ticket in the visitor's language: office.yaml, catalogue, CLDR dates."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue import office_info
from kiosk.cldr import full_date
from kiosk.clock import local_today
from kiosk.i18n import N_, translate
from kiosk.printing.ticket import TicketText

CENTRE = N_("Centro per le Famiglie della Piana di Lucca")
CODE_CAPTION = N_("Il tuo codice")
POSITION = N_("Sei il {position}° in lista")
HOW_TO = N_(
    "Per vedere il tuo posto o cancellarti: tocca «Ho un codice» al totem del Centro "
    "e scrivi il codice, oppure inquadra il QR code, oppure chiedi allo sportello."
)
OFFER = N_("Un posto è per te fino a {until}: passa dallo sportello per accettarlo o rinunciare.")


def paper(text: str) -> str:
    """`text` without control characters: on a printer, ESC or GS in a volunteer's text would
    be a command (cut, open the drawer, change the code page), not letters."""
    return "".join(
        ch for ch in text if ch == "\n" or (ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0)
    )


def when_text(lang: str, moment: dt.datetime) -> str:
    """A local moment as the visitor reads it: 'mercoledì 25 novembre 2026, 10:00'."""
    return f"{full_date(moment.date(), lang)}, {moment:%H:%M}"


def ticket_text(
    *,
    lang: str,
    code: str,
    service: str,
    position: int | None,
    qr_data: str,
    offer_until: dt.datetime | None = None,
    today: dt.date | None = None,
) -> TicketText:
    """A ticket for `code`, with the desk's name and contact from office.yaml (no personal data).

    Reads the database (the office): call it off the UI thread."""

    def _(msgid: str) -> str:
        return translate(lang, msgid)

    office = office_info(lang)
    day = full_date(today or local_today(), lang)
    place = _(POSITION).format(position=position) if position else ""
    if offer_until is not None:
        place = _(OFFER).format(until=when_text(lang, offer_until))
    return TicketText(
        centre=paper(office.name) if office and office.name else _(CENTRE),
        service=paper(service),
        code=code,
        code_caption=_(CODE_CAPTION),
        position=place,
        date=day,
        how_to=_(HOW_TO),
        qr_data=qr_data,
        contact=paper(office.contacts) if office else "",
    )
