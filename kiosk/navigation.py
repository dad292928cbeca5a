"""The one place that turns a navigation request into a fresh screen."""

from __future__ import annotations

import importlib
from typing import Any

from textual.screen import Screen

from kiosk.messages import (
    Navigate,
    OpenAgeGroups,
    OpenBrowse,
    OpenEvent,
    OpenEvents,
    OpenNeeds,
    OpenOffice,
    OpenSearch,
    OpenService,
    OpenStaffContent,
    OpenStaffEntry,
    OpenStaffHome,
    OpenStaffPerson,
    OpenStaffSearch,
    OpenStaffStats,
    OpenStaffStatus,
    OpenStaffWaitlist,
    OpenStaffWaitlists,
    OpenTicketCheck,
    OpenWaitlist,
    ShowTicket,
)

# The screens a visitor may open, imported when first asked for (or by `preload_screens` once
# the attract screen is up): the kiosk paints its first screen without them, and without what
# they need (Markdown and its highlighter, QR codes, Pillow).
VISITOR_SCREENS = (
    "kiosk.screens.visitor.need_choice",
    "kiosk.screens.visitor.age_choice",
    "kiosk.screens.visitor.browse",
    "kiosk.screens.visitor.search",
    "kiosk.screens.visitor.service_detail",
    "kiosk.screens.visitor.events",
    "kiosk.screens.visitor.event_detail",
    "kiosk.screens.visitor.office",
    "kiosk.screens.waitlist.waitlist_join",
    "kiosk.screens.waitlist.waitlist_confirm",
    "kiosk.screens.waitlist.ticket_check",
)


def preload_screens() -> None:
    """Import every visitor screen now, so that no visitor's first tap waits for an import."""
    for name in VISITOR_SCREENS:
        importlib.import_module(name)


def screen_for(request: Navigate) -> Screen[Any]:
    """A new screen instance for `request` (never a cached one: each visitor starts clean)."""
    match request:
        # visitors
        case OpenNeeds():
            from kiosk.screens.visitor.need_choice import NeedChoiceScreen

            return NeedChoiceScreen()
        case OpenAgeGroups():
            from kiosk.screens.visitor.age_choice import AgeChoiceScreen

            return AgeChoiceScreen()
        case OpenBrowse(need=need, age_group=age_group):
            from kiosk.screens.visitor.browse import BrowseScreen

            return BrowseScreen(need=need, age_group=age_group)
        case OpenSearch():
            from kiosk.screens.visitor.search import SearchScreen

            return SearchScreen()
        case OpenService(slug=slug):
            from kiosk.screens.visitor.service_detail import ServiceDetailScreen

            return ServiceDetailScreen(slug)
        case OpenEvents():
            from kiosk.screens.visitor.events import EventsScreen

            return EventsScreen()
        case OpenEvent(slug=slug):
            from kiosk.screens.visitor.event_detail import EventDetailScreen

            return EventDetailScreen(slug)
        case OpenOffice():
            from kiosk.screens.visitor.office import OfficeScreen

            return OfficeScreen()
        # waitlists
        case OpenWaitlist(slug=slug, kind=kind):
            from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen

            return WaitlistJoinScreen(slug, kind)
        case ShowTicket(result=result, link=link):
            from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen

            return WaitlistConfirmScreen(result, link)
        case OpenTicketCheck():
            from kiosk.screens.waitlist.ticket_check import TicketCheckScreen

            return TicketCheckScreen()
        case _:
            return _staff_screen(request)


def _staff_screen(request: Navigate) -> Screen[Any]:
    """A staff screen, imported on first use: a visitor's kiosk starts without the admin side."""
    from kiosk.screens.staff.admin_content import AdminContentScreen
    from kiosk.screens.staff.admin_entry import AdminEntryScreen
    from kiosk.screens.staff.admin_home import AdminHomeScreen
    from kiosk.screens.staff.admin_person import AdminPersonScreen
    from kiosk.screens.staff.admin_search import AdminSearchScreen
    from kiosk.screens.staff.admin_stats import AdminStatsScreen
    from kiosk.screens.staff.admin_status import AdminStatusScreen
    from kiosk.screens.staff.admin_waitlist import AdminWaitlistScreen
    from kiosk.screens.staff.admin_waitlists import AdminWaitlistsScreen

    match request:
        # staff
        case OpenStaffHome():
            return AdminHomeScreen()
        case OpenStaffWaitlists():
            return AdminWaitlistsScreen()
        case OpenStaffWaitlist(waitlist_id=waitlist_id):
            return AdminWaitlistScreen(waitlist_id)
        case OpenStaffEntry(entry_id=entry_id):
            return AdminEntryScreen(entry_id)
        case OpenStaffSearch():
            return AdminSearchScreen()
        case OpenStaffPerson():
            return AdminPersonScreen()
        case OpenStaffContent():
            return AdminContentScreen()
        case OpenStaffStats():
            return AdminStatsScreen()
        case OpenStaffStatus():
            return AdminStatusScreen()
    raise LookupError(f"no screen for {type(request).__name__}")
