"""One contact rule: a number written five ways is one person when joining, for staff, for GDPR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.models import WaitlistEntry
from kiosk.staff import gdpr
from kiosk.staff.waitlists import search_entries
from kiosk.sync import sync_directory
from kiosk.waitlist import JoinLimits, join_waitlist
from kiosk.waitlist_codes import JoinForm, normalise_contact, normalise_phone

FIVE_WAYS = (
    "333 123 4567",
    "+39 333 1234567",
    "0039-333-1234567",
    "3331234567",
    "(+39) 333.123.4567",
)
E164 = "+393331234567"
KIOSK = "cpf-test"
UNLIMITED = JoinLimits(per_kiosk=10_000, per_list=10_000)  # faster than any visitor


@pytest.mark.parametrize("typed", FIVE_WAYS)
def test_each_spelling_gives_the_same_e164(typed: str) -> None:
    assert normalise_phone(typed) == E164
    assert normalise_contact(typed) == ("phone", E164)
    assert normalise_phone(E164) == E164  # stored values read back as themselves


def test_the_staff_side_has_no_phone_rule_of_its_own() -> None:
    from kiosk.staff import contacts

    assert not hasattr(contacts, "normalise_phone") or contacts.normalise_phone is normalise_phone


def test_five_spellings_are_one_person_everywhere(db: str, content_dir: Path) -> None:
    sync_directory(content_dir)
    first, *others = FIVE_WAYS
    joined = join_waitlist(
        "percorso-nascita", JoinForm(name="Anna", phone=first), kiosk_id=KIOSK, limits=UNLIMITED
    )
    for typed in others:  # the duplicate check sees the same contact
        again = join_waitlist(
            "percorso-nascita", JoinForm(name="Anna", phone=typed), kiosk_id=KIOSK, limits=UNLIMITED
        )
        assert again.already_registered, typed
    join_waitlist(
        "mediazione-familiare", JoinForm(phone=others[-1]), kiosk_id=KIOSK, limits=UNLIMITED
    )
    join_waitlist(
        "percorso-nascita",
        JoinForm(name="Altra", phone="347 765 4321"),
        kiosk_id=KIOSK,
        limits=UNLIMITED,
    )
    stored = [e.phone for e in WaitlistEntry.select().order_by(WaitlistEntry.id)]
    assert stored == [E164, E164, "+393477654321"]
    for typed in FIVE_WAYS:
        found = search_entries(typed)  # staff search
        assert [e.code for e in found if e.list_slug == "percorso-nascita"] == [joined.code]
        assert {e.list_slug for e in found} == {"percorso-nascita", "mediazione-familiare"}
        assert len(gdpr.find_person(typed)) == 2, typed  # GDPR lookup
        export = json.loads(gdpr.export_person(typed, kiosk_id=KIOSK))
        assert [e["Telefono"] for e in export["iscrizioni"]] == [E164, E164], typed
    assert gdpr.erase_person(FIVE_WAYS[-1], kiosk_id=KIOSK) == 2
    assert [e.phone for e in WaitlistEntry.select()] == ["+393477654321"]
