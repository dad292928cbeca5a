"""The one place tests stop the centre's clock (kiosk.clock): every reading of now follows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kiosk import clock

# A Monday morning in late November: fixed so that dates, hours and snapshots never drift.
NOW = dt.datetime(2026, 11, 23, 10, 0)


def freeze_clock(monkeypatch: pytest.MonkeyPatch, local: dt.datetime = NOW) -> None:
    """The whole kiosk believes it is `local` in Lucca (naive, the centre's time): the
    catalogue, the screens, usage days and the UTC moments stored in the database."""
    moment = local.replace(tzinfo=clock.CENTRE_TZ)
    monkeypatch.setattr(clock, "_now", lambda: moment)


# The day the bundled content's facts were read (its `sources`): content cannot be published
# before it, as the checker refuses a page read "in the future".
CONTENT_READ = dt.datetime(2026, 12, 2, 9, 0)


@contextmanager
def publishing_clock() -> Iterator[None]:
    """Publish content as of CONTENT_READ when a test froze the clock before that day; the
    frozen moment comes back afterwards (unfrozen tests keep the real clock)."""
    frozen = clock._now
    if frozen() >= CONTENT_READ.replace(tzinfo=clock.CENTRE_TZ):
        yield
        return
    clock._now = lambda: CONTENT_READ.replace(tzinfo=clock.CENTRE_TZ)  # type: ignore[assignment]
    try:
        yield
    finally:
        clock._now = frozen  # type: ignore[assignment]
