"""One vocabulary of entry statuses: stored values, the changes staff may make, one spelling."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kiosk.models import AuditLog, WaitlistEntry
from kiosk.staff import waitlists
from kiosk.staff.waitlists import InvalidTransition
from kiosk.statuses import ALLOWED, EntryStatus
from tests.support.staff_data import KIOSK, add_entry, make_lists

KIOSK_SOURCE = Path(__file__).resolve().parent.parent / "kiosk"
ENUM_MODULE = KIOSK_SOURCE / "statuses.py"
# The first migration is frozen history: it must keep the schema exactly as it was shipped.
FROZEN = KIOSK_SOURCE / "models" / "migrations"


def test_the_stored_values_stay_the_same_strings() -> None:
    """Rows written by earlier versions are read without a migration."""
    assert [s.value for s in EntryStatus] == [
        "waiting",
        "called",
        "contacted",
        "enrolled",
        "no_show",
        "removed",
        "cancelled",
        "offered",
        "declined",
        "offer_expired",
    ]
    assert set(ALLOWED) == set(EntryStatus)
    assert WaitlistEntry.status.default == "waiting"


def test_every_change_outside_the_table_is_refused_and_every_one_in_it_is_made(db: str) -> None:
    nascita = make_lists()["nascita"]
    refused = []
    for start in EntryStatus:
        for target in EntryStatus:
            entry = add_entry(nascita, status=start.value)
            audits = AuditLog.select().count()
            if target in ALLOWED[start]:
                # (Passing a freed seat on is tested in test_offers.py.)
                changed = waitlists.set_status(entry.id, target, kiosk_id=KIOSK, offer_auto=False)
                assert changed.status == target
                assert WaitlistEntry.get_by_id(entry.id).status == target.value
                assert AuditLog.select().count() == audits + 1
            else:
                with pytest.raises(InvalidTransition):
                    waitlists.set_status(entry.id, target.value, kiosk_id=KIOSK, offer_auto=False)
                assert WaitlistEntry.get_by_id(entry.id).status == start.value  # untouched
                assert AuditLog.select().count() == audits
                refused.append((start.value, target.value))
    # The rules a staff member relies on, spelt out: a cancellation is the visitor's own act,
    # an enrolled person can only be removed, nothing "changes" into what it already is.
    assert ("cancelled", "waiting") in refused
    assert ("enrolled", "waiting") in refused
    assert ("enrolled", "called") in refused
    assert all((s.value, s.value) in refused for s in EntryStatus)
    assert ("removed", "waiting") not in refused  # undoing a mistake
    # Only the expiry sweep expires an offer; staff answer for the family.
    assert ("offered", "offer_expired") in refused
    assert ("offered", "enrolled") not in refused and ("offered", "declined") not in refused


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string constant in a Python file (comments do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_module_but_the_enum_spells_a_status() -> None:
    values = {s.value for s in EntryStatus}
    spelt = [
        f"{path.relative_to(KIOSK_SOURCE.parent)}:{line}: {value!r}"
        for path in sorted(KIOSK_SOURCE.rglob("*.py"))
        if path != ENUM_MODULE and FROZEN not in path.parents
        for line, value in _string_literals(path)
        if value in values
    ]
    assert spelt == []
    assert len([v for _, v in _string_literals(ENUM_MODULE) if v in values]) == len(values)
