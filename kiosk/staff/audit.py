"""The staff audit trail: who did what, when, to which record — never the personal data."""

from __future__ import annotations

import datetime as dt

from kiosk.clock import utcnow
from kiosk.models import AuditLog
from kiosk.staff.records import AuditRecord


def staff_actor(kiosk_id: str) -> str:
    """The actor name of whoever unlocked the admin screen at this kiosk."""
    return f"staff@{kiosk_id}"[:64]


def record_audit(
    action: str,
    *,
    actor: str,
    kiosk_id: str,
    target: str = "",
    detail: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Append one row; callers pass ids, counts and status names, never what a visitor typed."""
    AuditLog.create(
        at=at or utcnow(),
        actor=actor[:64],
        action=action[:64],
        target=target[:128],
        detail=detail,
        kiosk_id=kiosk_id[:40],
    )


def recent_audit(limit: int = 200, *, action: str | None = None) -> list[AuditRecord]:
    """The newest audit rows first."""
    select = AuditLog.select().order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if action:
        select = select.where(AuditLog.action == action)
    return [
        AuditRecord(
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            detail=row.detail,
            kiosk_id=row.kiosk_id,
        )
        for row in select
    ]
