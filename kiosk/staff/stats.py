"""Anonymous usage figures for the Region's report: counts per kind, key, kiosk and day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import peewee as pw

from kiosk.clock import to_local
from kiosk.models import UsageEvent
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.exports import write_csv
from kiosk.staff.query import rows
from kiosk.staff.records import (
    DayCount,
    ExportResult,
    UsageCount,
    UsageFigures,
    UsageReport,
    UsageTotal,
)


def _period(
    columns: tuple[pw.Field, ...],
    start: dt.date,
    end: dt.date,
    kind: str | None,
    kiosk_id: str | None,
    key: str | None = None,
) -> pw.ModelSelect[UsageEvent]:
    """SELECT columns..., COUNT(*) over the period and filters, grouped by the columns."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    select = (
        UsageEvent.select(*columns, pw.fn.COUNT(UsageEvent.id))
        .where(UsageEvent.day >= start, UsageEvent.day <= end)
        .group_by(*columns)
    )
    if kind:
        select = select.where(UsageEvent.kind == kind)
    if kiosk_id:
        select = select.where(UsageEvent.kiosk_id == kiosk_id)
    if key is not None:
        select = select.where(UsageEvent.key == key)
    return select


def usage_counts(
    start: dt.date, end: dt.date, *, kind: str | None = None, kiosk_id: str | None = None
) -> list[UsageCount]:
    """Counts per day, kiosk, kind and key in [start, end], ordered that way."""
    columns = (UsageEvent.day, UsageEvent.kiosk_id, UsageEvent.kind, UsageEvent.key)
    select = _period(columns, start, end, kind, kiosk_id).order_by(*columns)
    return [
        UsageCount(day=_date(day), kiosk_id=kiosk, kind=kind_, key=key, count=int(n))
        for day, kiosk, kind_, key, n in rows(select)
    ]


def usage_totals(
    start: dt.date, end: dt.date, *, kind: str | None = None, kiosk_id: str | None = None
) -> list[UsageTotal]:
    """Totals per kind and key over the period: by kind, most looked-at first."""
    select = _period((UsageEvent.kind, UsageEvent.key), start, end, kind, kiosk_id)
    totals = [UsageTotal(kind=k, key=key, count=int(n)) for k, key, n in rows(select)]
    return sorted(totals, key=lambda t: (t.kind, -t.count, t.key))


def usage_by_day(
    start: dt.date,
    end: dt.date,
    *,
    kind: str | None = None,
    key: str | None = None,
    kiosk_id: str | None = None,
) -> list[DayCount]:
    """One count per day of the period, days without use included as 0."""
    select = _period((UsageEvent.day,), start, end, kind, kiosk_id, key)
    counts = {_date(day): int(n) for day, n in rows(select)}
    days = (end - start).days + 1
    return [
        DayCount(day=day, count=counts.get(day, 0))
        for day in (start + dt.timedelta(days=i) for i in range(days))
    ]


def usage_report(start: dt.date, end: dt.date, *, kiosk_id: str | None = None) -> UsageReport:
    """Totals, the daily series and the kiosks seen, for one period."""
    kiosks = (
        UsageEvent.select(UsageEvent.kiosk_id)
        .where(UsageEvent.day >= start, UsageEvent.day <= end)
        .distinct()
        .order_by(UsageEvent.kiosk_id)
    )
    return UsageReport(
        start=start,
        end=end,
        kiosk_id=kiosk_id,
        totals=tuple(usage_totals(start, end, kiosk_id=kiosk_id)),
        by_day=tuple(usage_by_day(start, end, kiosk_id=kiosk_id)),
        kiosks=tuple(k for (k,) in rows(kiosks)),
    )


def export_usage(
    start: dt.date,
    end: dt.date,
    directory: Path,
    *,
    kiosk_id: str,
    only_kiosk: str | None = None,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> ExportResult:
    """CSV of the counts per day, kiosk, kind and key (the safe writer, mode 0600)."""
    rows = [
        (c.day, c.kiosk_id, c.kind, c.key, c.count)
        for c in usage_counts(start, end, kiosk_id=only_kiosk)
    ]
    result = write_csv(
        directory,
        f"usage-{start:%Y%m%d}-{end:%Y%m%d}",
        ("Giorno", "Postazione", "Tipo", "Chiave", "Conteggio"),
        rows,
        now=to_local(now) if now else None,
    )
    record_audit(
        "export_usage",
        actor=actor or staff_actor(kiosk_id),
        kiosk_id=kiosk_id,
        target=f"usage:{start}..{end}",
        detail=f"rows={result.rows} file={result.path.name}",
    )
    return result


def _date(value: object) -> dt.date:
    # SQLite hands back ISO strings for grouped DateFields.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def usage_figures(start: dt.date, end: dt.date) -> UsageFigures:
    """The report for [start, end] and the total of each kiosk, for the statistics screen."""
    per_kiosk: Counter[str] = Counter()
    for count in usage_counts(start, end):
        per_kiosk[count.kiosk_id] += count.count
    return UsageFigures(report=usage_report(start, end), per_kiosk=dict(per_kiosk))
