"""App-wide messages: what a screen asks of the app; the router in kiosk.navigation answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.message import Message

from kiosk.waitlist_codes import JoinResult, ListKind

# --- the shell -------------------------------------------------------------------------------


@dataclass
class AdminRequested(Message):
    """Staff asked for the admin screen (hidden gesture or key): the app shows the PIN pad."""


@dataclass
class LanguageChosen(Message):
    """The visitor picked an interface language."""

    language: str


@dataclass
class LanguagePickerRequested(Message):
    """The nav's language button: show the picker of the offered languages."""


@dataclass
class ContrastToggled(Message):
    """The visitor switched high contrast on or off (it lasts until the visit ends)."""


@dataclass
class GoBack(Message):
    """'Indietro': the previous screen (never before the attract screen)."""


@dataclass
class GoHome(Message):
    """'Home': back to the attract screen, keeping the visitor's language."""


@dataclass
class NewVisit(Message):
    """End the visit ('Fine', logout, idle): fresh screens, default language, empty clipboard."""


# --- screens to open (kiosk.navigation builds them) ------------------------------------------


@dataclass
class Navigate(Message):
    """Base of the requests to show another screen; one per destination."""

    REPLACES: ClassVar[bool] = False  # the new screen takes the place of the current one


@dataclass
class OpenNeeds(Navigate):
    """The need tiles ('Di cosa hai bisogno?')."""


@dataclass
class OpenAgeGroups(Navigate):
    """The age-group tiles ('Per chi?')."""


@dataclass
class OpenBrowse(Navigate):
    """The service cards for a need and/or an age group."""

    need: str | None = None
    age_group: str | None = None


@dataclass
class OpenSearch(Navigate):
    """The search page with its on-screen keyboard."""


@dataclass
class OpenService(Navigate):
    """The page of one service."""

    slug: str


@dataclass
class OpenEvents(Navigate):
    """The list of upcoming events."""


@dataclass
class OpenEvent(Navigate):
    """The page of one event."""

    slug: str


@dataclass
class OpenOffice(Navigate):
    """The front office: where, when, open now."""


@dataclass
class OpenWaitlist(Navigate):
    """The join form of a service's or an event's waitlist."""

    slug: str
    kind: ListKind = "service"


@dataclass
class ShowTicket(Navigate):
    """The confirmation with the ticket code; it replaces the join form."""

    REPLACES: ClassVar[bool] = True

    result: JoinResult
    link: str


@dataclass
class OpenTicketCheck(Navigate):
    """Check or cancel a place with a ticket code."""


@dataclass
class OpenStaffHome(Navigate):
    """The staff home; it replaces the PIN pad."""

    REPLACES: ClassVar[bool] = True


@dataclass
class OpenStaffWaitlists(Navigate):
    """Staff: every waitlist."""


@dataclass
class OpenStaffWaitlist(Navigate):
    """Staff: the entries of one waitlist."""

    waitlist_id: int


@dataclass
class OpenStaffEntry(Navigate):
    """Staff: one entry in full."""

    entry_id: int


@dataclass
class OpenStaffSearch(Navigate):
    """Staff: find an entry by code, phone or e-mail."""


@dataclass
class OpenStaffPerson(Navigate):
    """Staff: a person's data (GDPR: see, export, erase)."""


@dataclass
class OpenStaffContent(Navigate):
    """Staff: reload the content files, services to verify."""


@dataclass
class OpenStaffStats(Navigate):
    """Staff: usage figures."""


@dataclass
class OpenStaffStatus(Navigate):
    """Staff: database, content and PIN status."""
