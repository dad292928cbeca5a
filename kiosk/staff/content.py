"""Content for staff: preview and apply a reload, list the records a person should verify."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

from kiosk.clock import local_today
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.loader import load_content
from kiosk.models import Service, ServiceText
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.query import rows
from kiosk.staff.records import ReloadPreview, ReviewItem, ReviewSource
from kiosk.sync import SyncReport, sync_content

REVIEW_MONTHS = 12


def _invalid(bundle: ContentBundle) -> ReloadPreview:
    return ReloadPreview(
        ok=False, version=bundle.version, problems=tuple(str(p) for p in bundle.problems)
    )


def _result(report: SyncReport, *, applied: bool) -> ReloadPreview:
    return ReloadPreview(
        ok=True,
        version=report.version,
        added=tuple(report.added),
        updated=tuple(report.updated),
        retired=tuple(report.retired),
        applied=applied,
    )


def preview_reload(content_dir: Path) -> ReloadPreview:
    """What publishing `content_dir` would change, or its problems; changes nothing."""
    bundle = load_content(content_dir)
    if not bundle.ok:
        return _invalid(bundle)
    return _result(sync_content(bundle, dry_run=True), applied=False)


def apply_reload(content_dir: Path, *, kiosk_id: str, actor: str | None = None) -> ReloadPreview:
    """Publish `content_dir` all at once when it has no problems; otherwise change nothing."""
    bundle = load_content(content_dir)
    if not bundle.ok:
        return _invalid(bundle)
    actor = actor or staff_actor(kiosk_id)
    result = _result(sync_content(bundle, actor=actor), applied=True)
    record_audit(
        "content_reload",
        actor=actor,
        kiosk_id=kiosk_id,
        target=f"content:{result.version}",
        detail=(
            f"added={len(result.added)} updated={len(result.updated)} retired={len(result.retired)}"
        ),
    )
    return result


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (31 March minus one month is 28/29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def services_needing_review(
    months: int = REVIEW_MONTHS, today: dt.date | None = None
) -> list[ReviewItem]:
    """Published services flagged for review, never verified, or verified over `months` ago."""
    cutoff = months_before(today or local_today(), months)
    select = (
        Service.select()
        .where(
            Service.retired_at.is_null(True),
            (Service.needs_review == True)  # noqa: E712 (peewee expression)
            | Service.assured_date.is_null(True)
            | (Service.assured_date < cutoff),
        )
        .order_by(Service.assured_date.asc(nulls="first"), Service.slug)
    )
    services = list(select)
    names = dict(
        rows(
            ServiceText.select(ServiceText.service, ServiceText.name).where(
                ServiceText.service.in_([s.id for s in services] or [0]),
                ServiceText.lang == "it",
            )
        )
    )
    return [
        ReviewItem(
            slug=s.slug,
            name=names.get(s.id) or s.slug,
            assured_date=s.assured_date,
            needs_review=bool(s.needs_review),
            review_note=s.review_note,
            source_path=s.source_path,
            sources=_sources(s.sources),
        )
        for s in services
    ]


def _sources(stored: str) -> tuple[ReviewSource, ...]:
    """The sources a sync stored as JSON (a list of {url, read, about}); () when none."""
    try:
        entries = json.loads(stored or "[]")
    except ValueError:
        return ()
    return tuple(
        ReviewSource(str(e.get("url", "")), str(e.get("read", "")), str(e.get("about") or ""))
        for e in entries
        if isinstance(e, dict) and e.get("url")
    )
