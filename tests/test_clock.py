"""One clock for the centre: Lucca's time zone, now as stored and as read, stopped in one place."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from kiosk import clock, usage
from kiosk.models import AuditLog, UsageEvent
from kiosk.staff.audit import record_audit
from tests.support.clock import NOW, freeze_clock

KIOSK_SOURCE = Path(__file__).resolve().parent.parent / "kiosk"
# The first migration is frozen history, with its own copy of the helpers it was written with.
FROZEN = KIOSK_SOURCE / "models" / "migrations"


def test_the_centre_reads_lucca_time_winter_and_summer(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch)  # 23 November, 10:00 in Lucca: UTC+1
    assert clock.local_now() == NOW
    assert clock.utcnow() == dt.datetime(2026, 11, 23, 9, 0)
    assert clock.local_today() == dt.date(2026, 11, 23)
    freeze_clock(monkeypatch, dt.datetime(2026, 7, 1, 0, 30))  # summer time: UTC+2
    assert clock.utcnow() == dt.datetime(2026, 6, 30, 22, 30)
    assert clock.local_today() == dt.date(2026, 7, 1)  # already tomorrow in Lucca
    assert clock.to_local(dt.datetime(2026, 6, 30, 22, 30)) == dt.datetime(2026, 7, 1, 0, 30)
    assert clock.to_utc(dt.datetime(2026, 7, 1, 0, 30)) == dt.datetime(
        2026, 6, 30, 22, 30, tzinfo=dt.UTC
    )


def test_a_stopped_clock_reaches_what_is_stored(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped once, every service agrees: the audit moment in UTC, the usage day in Lucca."""
    freeze_clock(monkeypatch, dt.datetime(2026, 3, 2, 0, 15))
    record_audit("test", actor="staff", kiosk_id="cpf-test")
    usage.record("need", "nascita", "it", "cpf-test")
    assert AuditLog.get().at == dt.datetime(2026, 3, 1, 23, 15)
    assert UsageEvent.get().day == dt.date(2026, 3, 2)


def _clock_readings(path: Path) -> list[str]:
    """`x.now()`, `x.today()` and `x.utcnow()` calls on a datetime or date, with their line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"now", "today", "utcnow"}
            and ast.unparse(node.func.value).split(".")[-1] in {"datetime", "date", "dt"}
        ):
            found.append(f"{path.relative_to(KIOSK_SOURCE.parent)}:{node.lineno}")
    return found


def test_only_the_clock_module_reads_the_real_clock() -> None:
    """So that stopping kiosk.clock in a test stops the whole kiosk."""
    readings = [
        where
        for path in sorted(KIOSK_SOURCE.rglob("*.py"))
        if path.name != "clock.py" and FROZEN not in path.parents
        for where in _clock_readings(path)
    ]
    assert readings == []
    assert _clock_readings(KIOSK_SOURCE / "clock.py") == ["kiosk/clock.py:13"]
