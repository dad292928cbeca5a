"""The router: every navigation request a screen can post opens a fresh screen of its own."""

from __future__ import annotations

from kiosk import messages
from kiosk.messages import Navigate
from kiosk.navigation import screen_for
from kiosk.waitlist_codes import JoinResult

TICKET = JoinResult("ACD479", 1, "percorso-nascita", "Percorso nascita", False, False)

REQUESTS: dict[type[Navigate], Navigate] = {
    messages.OpenNeeds: messages.OpenNeeds(),
    messages.OpenAgeGroups: messages.OpenAgeGroups(),
    messages.OpenBrowse: messages.OpenBrowse(need="nascita"),
    messages.OpenSearch: messages.OpenSearch(),
    messages.OpenService: messages.OpenService("percorso-nascita"),
    messages.OpenEvents: messages.OpenEvents(),
    messages.OpenEvent: messages.OpenEvent("festa"),
    messages.OpenOffice: messages.OpenOffice(),
    messages.OpenWaitlist: messages.OpenWaitlist("festa", "event"),
    messages.ShowTicket: messages.ShowTicket(TICKET, ""),
    messages.OpenTicketCheck: messages.OpenTicketCheck(),
    messages.OpenStaffHome: messages.OpenStaffHome(),
    messages.OpenStaffWaitlists: messages.OpenStaffWaitlists(),
    messages.OpenStaffWaitlist: messages.OpenStaffWaitlist(3),
    messages.OpenStaffEntry: messages.OpenStaffEntry(7),
    messages.OpenStaffSearch: messages.OpenStaffSearch(),
    messages.OpenStaffPerson: messages.OpenStaffPerson(),
    messages.OpenStaffContent: messages.OpenStaffContent(),
    messages.OpenStaffStats: messages.OpenStaffStats(),
    messages.OpenStaffStatus: messages.OpenStaffStatus(),
}


def test_every_request_has_a_route_to_a_fresh_screen() -> None:
    assert set(REQUESTS) == set(Navigate.__subclasses__())  # a new request needs a route here
    for request in REQUESTS.values():
        first, second = screen_for(request), screen_for(request)
        assert first is not second  # never a cached screen: no visitor sees the last one's form
        assert type(first) is type(second)
    assert {type(screen_for(r)).__name__ for r in REQUESTS.values()} >= {
        "ServiceDetailScreen",
        "WaitlistJoinScreen",
        "WaitlistConfirmScreen",
        "AdminHomeScreen",
        "AdminEntryScreen",
    }


def test_requests_carry_what_the_screen_needs() -> None:
    join = screen_for(messages.OpenWaitlist("festa", "event"))
    assert (join.slug, join.kind) == ("festa", "event")  # type: ignore[attr-defined]
    browse = screen_for(messages.OpenBrowse(age_group="over-65"))
    assert (browse.need, browse.age_group) == (None, "over-65")  # type: ignore[attr-defined]
