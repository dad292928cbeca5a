"""Content for staff: preview and apply a reload, list the records a person should verify."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

from kiosk.clock import local_today
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.loader import load_content
from kiosk.models import AgeGroup, Event, EventText, Need, Office, Service, ServiceText
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.query import rows
from kiosk.staff.records import ReloadPreview, ReviewItem, ReviewSource, TranslationReview
from kiosk.sync import Publish, SyncReport, folder_key, last_publish, sync_content

REVIEW_MONTHS = 12


def _known(folder: str, last: Publish | None) -> dict[str, object]:
    """The folder read and the last publish remembered, for every answer."""
    if last is None:
        return {"folder": folder}
    return {
        "folder": folder,
        "last_folder": last.folder,
        "last_version": last.version,
        "last_at": last.at,
        "last_id": last.id,
    }


def _invalid(bundle: ContentBundle, folder: str, last: Publish | None) -> ReloadPreview:
    return ReloadPreview(
        ok=False,
        version=bundle.version,
        problems=tuple(str(p) for p in bundle.problems),
        **_known(folder, last),  # type: ignore[arg-type]
    )


def _result(
    report: SyncReport, folder: str, last: Publish | None, *, applied: bool
) -> ReloadPreview:
    return ReloadPreview(
        ok=True,
        version=report.version,
        added=tuple(report.added),
        updated=tuple(report.updated),
        retired=tuple(report.retired),
        applied=applied,
        **_known(folder, last),  # type: ignore[arg-type]
    )


def _refusal(folder: str, last: Publish | None, seen: int | None) -> str:
    """Why publishing `folder` from the staff screen must not happen, or "".

    The last publish came from another folder (a volunteer's `kiosk content sync DIR --force`):
    reloading the configured folder would retire what was published from there. Or something
    was published after the preview the staff member saw (`seen`: the publish it knew of).
    """
    if last is not None and last.folder and last.folder != folder:
        return "other_folder"
    if seen is not None and (last.id if last else 0) != seen:
        return "newer_publish"
    return ""


def _refused(bundle: ContentBundle, folder: str, last: Publish | None, why: str) -> ReloadPreview:
    # No list of changes: it would propose to retire what the other folder published.
    return ReloadPreview(
        ok=True,
        version=bundle.version,
        refused=why,
        **_known(folder, last),  # type: ignore[arg-type]
    )


def preview_reload(content_dir: Path) -> ReloadPreview:
    """What publishing `content_dir` would change, or its problems; changes nothing.

    The preview names the folder it read; it is refused (no changes listed) when the last
    publish came from another folder.
    """
    folder, last = folder_key(content_dir), last_publish()
    bundle = load_content(content_dir)
    if not bundle.ok:
        return _invalid(bundle, folder, last)
    why = _refusal(folder, last, None)
    if why:
        return _refused(bundle, folder, last, why)
    return _result(sync_content(bundle, dry_run=True), folder, last, applied=False)


def apply_reload(
    content_dir: Path,
    *,
    kiosk_id: str,
    actor: str | None = None,
    seen: int | None = None,
) -> ReloadPreview:
    """Publish `content_dir` all at once when it has no problems; otherwise change nothing.

    `seen` is the `last_id` of the preview shown: when another publish came since, or the
    last publish came from another folder, nothing is applied and the answer says why.
    """
    folder, last = folder_key(content_dir), last_publish()
    bundle = load_content(content_dir)
    if not bundle.ok:
        return _invalid(bundle, folder, last)
    why = _refusal(folder, last, seen)
    if why:
        return _refused(bundle, folder, last, why)
    actor = actor or staff_actor(kiosk_id)
    report = sync_content(bundle, actor=actor, folder=content_dir)
    result = _result(report, folder, last_publish(), applied=True)
    record_audit(
        "content_reload",
        actor=actor,
        kiosk_id=kiosk_id,
        target=f"content:{result.version}",
        detail=(
            f"added={len(result.added)} updated={len(result.updated)} "
            f"retired={len(result.retired)} folder={folder}"
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


def events_needing_review(
    months: int = REVIEW_MONTHS, today: dt.date | None = None
) -> list[ReviewItem]:
    """Published events still to come, flagged, never verified or verified over `months` ago."""
    day = today or local_today()
    cutoff = months_before(day, months)
    start = dt.datetime.combine(day, dt.time())
    select = (
        Event.select()
        .where(
            Event.retired_at.is_null(True),
            (Event.starts_at >= start) | (Event.ends_at >= start),
            (Event.needs_review == True)  # noqa: E712 (peewee expression)
            | Event.assured_date.is_null(True)
            | (Event.assured_date < cutoff),
        )
        .order_by(Event.assured_date.asc(nulls="first"), Event.starts_at, Event.slug)
    )
    events = list(select)
    titles = dict(
        rows(
            EventText.select(EventText.event, EventText.title).where(
                EventText.event.in_([e.id for e in events] or [0]), EventText.lang == "it"
            )
        )
    )
    return [
        ReviewItem(
            slug=e.slug,
            name=titles.get(e.id) or e.slug,
            assured_date=e.assured_date,
            needs_review=bool(e.needs_review),
            review_note=e.review_note,
            source_path=e.source_path,
            kind="event",
            sources=_sources(e.sources),
        )
        for e in events
    ]


def office_needing_review(
    months: int = REVIEW_MONTHS, today: dt.date | None = None
) -> list[ReviewItem]:
    """The office (office.yaml) when flagged, never verified or verified over `months` ago."""
    row = Office.get_or_none(Office.key == "main")
    if row is None:
        return []
    cutoff = months_before(today or local_today(), months)
    if not (row.needs_review or row.assured_date is None or row.assured_date < cutoff):
        return []
    data = json.loads(row.data or "{}")
    names = data.get("name") or {}
    note = data.get("review_note") or ""
    return [
        ReviewItem(
            slug="office",
            name=str(names.get("it") or "office") if isinstance(names, dict) else str(names),
            assured_date=row.assured_date,
            needs_review=bool(row.needs_review),
            review_note=str(note),
            source_path="office.yaml",
            kind="office",
            sources=_sources(data.get("sources")),
        )
    ]


def records_needing_review(
    months: int = REVIEW_MONTHS, today: dt.date | None = None
) -> list[ReviewItem]:
    """Everything a person should verify: the office first, then services, then events."""
    return (
        office_needing_review(months, today)
        + services_needing_review(months, today)
        + events_needing_review(months, today)
    )


def translations_awaiting_review() -> list[TranslationReview]:
    """Published texts translated for the project that a native speaker should check: the
    office, the needs and age groups files, then services and events, with their languages."""
    found: list[TranslationReview] = []
    row = Office.get_or_none(Office.key == "main")
    if row is not None:
        data = json.loads(row.data or "{}")
        names = data.get("name") or {}
        langs = _langs(data.get("translation_review"))
        if langs:
            name = str(names.get("it") or "office") if isinstance(names, dict) else str(names)
            found.append(TranslationReview("office", "office", name, "office.yaml", langs))
    for model, kind in ((Need, "needs"), (AgeGroup, "age_groups")):
        listed: set[str] = set()
        for (labels,) in rows(model.select(model.labels).where(model.retired_at.is_null(True))):
            listed.update(_langs(json.loads(labels or "{}").get("translation_review")))
        if listed:
            rel = f"{kind}.yaml"
            found.append(TranslationReview(kind, kind, rel, rel, tuple(sorted(listed))))
    for owner, text, key, name_field, kind in (
        (Service, ServiceText, ServiceText.service, ServiceText.name, "service"),
        (Event, EventText, EventText.event, EventText.title, "event"),
    ):
        marked: dict[int, list[str]] = {}
        for owner_id, lang in rows(
            text.select(key, text.lang).where(text.translation_review == True)  # noqa: E712
        ):
            marked.setdefault(int(owner_id), []).append(str(lang))
        if not marked:
            continue
        names = dict(
            rows(text.select(key, name_field).where(key.in_(list(marked)), text.lang == "it"))
        )
        published = owner.select().where(owner.id.in_(list(marked)), owner.retired_at.is_null(True))
        for item in published.order_by(owner.slug):
            found.append(
                TranslationReview(
                    kind,
                    item.slug,
                    str(names.get(item.id) or item.slug),
                    item.source_path,
                    tuple(sorted(marked[item.id])),
                )
            )
    return found


def _langs(stored: object) -> tuple[str, ...]:
    """The language codes a sync stored as a JSON list; () when none."""
    if not isinstance(stored, list):
        return ()
    return tuple(sorted(str(lang) for lang in stored if isinstance(lang, str)))


def _sources(stored: object) -> tuple[ReviewSource, ...]:
    """The sources a sync stored: JSON text or a list of {url, read, about}; () when none."""
    entries = stored
    if isinstance(stored, str) or stored is None:
        try:
            entries = json.loads(stored or "[]")
        except ValueError:
            return ()
    if not isinstance(entries, list):
        return ()
    return tuple(
        ReviewSource(str(e.get("url", "")), str(e.get("read", "")), str(e.get("about") or ""))
        for e in entries
        if isinstance(e, dict) and e.get("url")
    )
