"""The one place that turns a navigation request into a fresh screen."""

from __future__ import annotations

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
from kiosk.screens.visitor.age_choice import AgeChoiceScreen
from kiosk.screens.visitor.browse import BrowseScreen
from kiosk.screens.visitor.event_detail import EventDetailScreen
from kiosk.screens.visitor.events import EventsScreen
from kiosk.screens.visitor.need_choice import NeedChoiceScreen
from kiosk.screens.visitor.office import OfficeScreen
from kiosk.screens.visitor.search import SearchScreen
from kiosk.screens.visitor.service_detail import ServiceDetailScreen
from kiosk.screens.waitlist.ticket_check import TicketCheckScreen
from kiosk.screens.waitlist.waitlist_confirm import WaitlistConfirmScreen
from kiosk.screens.waitlist.waitlist_join import WaitlistJoinScreen


def screen_for(request: Navigate) -> Screen[Any]:
    """A new screen instance for `request` (never a cached one: each visitor starts clean)."""
    match request:
        # visitors
        case OpenNeeds():
            return NeedChoiceScreen()
        case OpenAgeGroups():
            return AgeChoiceScreen()
        case OpenBrowse(need=need, age_group=age_group):
            return BrowseScreen(need=need, age_group=age_group)
        case OpenSearch():
            return SearchScreen()
        case OpenService(slug=slug):
            return ServiceDetailScreen(slug)
        case OpenEvents():
            return EventsScreen()
        case OpenEvent(slug=slug):
            return EventDetailScreen(slug)
        case OpenOffice():
            return OfficeScreen()
        # waitlists
        case OpenWaitlist(slug=slug, kind=kind):
            return WaitlistJoinScreen(slug, kind)
        case ShowTicket(result=result, link=link):
            return WaitlistConfirmScreen(result, link)
        case OpenTicketCheck():
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
