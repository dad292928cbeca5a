"""The one place tests stop the centre's clock (kiosk.clock): every reading of now follows it."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import clock

# A Monday morning in late November: fixed so that dates, hours and snapshots never drift.
NOW = dt.datetime(2026, 11, 23, 10, 0)


def freeze_clock(monkeypatch: pytest.MonkeyPatch, local: dt.datetime = NOW) -> None:
    """The whole kiosk believes it is `local` in Lucca (naive, the centre's time): the
    catalogue, the screens, usage days and the UTC moments stored in the database."""
    moment = local.replace(tzinfo=clock.CENTRE_TZ)
    monkeypatch.setattr(clock, "_now", lambda: moment)
