"""Anonymous usage: what may be recorded, and the counts staff read for the Region's report."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest

from kiosk import usage
from kiosk.config import Settings
from kiosk.models import AuditLog, UsageEvent
from kiosk.staff import cli_commands, stats
from kiosk.staff.records import DayCount, UsageCount, UsageTotal

D1, D2, D3 = dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)


@pytest.fixture
def usage_data(db: str) -> None:
    for day, kiosk, kind, key in [
        (D1, "cpf-lucca", "need", "nascita"),
        (D1, "cpf-lucca", "need", "nascita"),
        (D1, "cpf-capannori", "need", "nascita"),
        (D1, "cpf-lucca", "service", "percorso-nascita"),
        (D1, "cpf-lucca", "search", "results:0"),
        (D3, "cpf-lucca", "need", "scuola"),
        (D3, "cpf-lucca", "language", "en"),
        (dt.date(2026, 4, 1), "cpf-lucca", "need", "nascita"),  # outside the period
    ]:
        usage.record(kind, key, "it", kiosk, day)


REFUSED = [
    ("search", "mario rossi"),  # typed text: never
    ("search", "asilo"),
    ("visitor", "x"),
    ("need", "Nascita e primi mesi"),
    ("service", ""),
    ("language", "english"),
    ("need", "x" * 65),
]


def test_record_refuses_free_text_and_unknown_kinds(db: str) -> None:
    for kind, key in REFUSED:
        with pytest.raises(ValueError):
            usage.record(kind, key, "it", "cpf-lucca", D1)
    assert not UsageEvent.select().exists()


def test_record_stores_slug_or_search_bucket(db: str) -> None:
    usage.record("search", usage.search_bucket(0), "en", "cpf-lucca", D1)
    usage.record("search", usage.search_bucket(7), "it", "cpf-lucca", D1)
    usage.record("event", "festa-di-primavera", "it", "cpf-lucca")
    rows = [(r.kind, r.key, r.lang) for r in UsageEvent.select().order_by(UsageEvent.id)]
    assert rows == [
        ("search", "results:0", "en"),
        ("search", "results:1+", "it"),
        ("event", "festa-di-primavera", "it"),
    ]
    with pytest.raises(ValueError):
        usage.record("need", "nascita", "it", "cpf lucca!", D1)


def test_counts_by_day_kiosk_kind_and_key(usage_data: None) -> None:
    counts = stats.usage_counts(D1, D3)
    assert UsageCount(D1, "cpf-lucca", "need", "nascita", 2) in counts
    assert UsageCount(D1, "cpf-capannori", "need", "nascita", 1) in counts
    assert sum(c.count for c in counts) == 7
    assert {c.day for c in stats.usage_counts(D1, D3, kiosk_id="cpf-capannori")} == {D1}
    assert {c.kind for c in stats.usage_counts(D1, D3, kind="need")} == {"need"}


def test_totals_per_kind_and_key(usage_data: None) -> None:
    totals = stats.usage_totals(D1, D3)
    assert totals[:2] == [UsageTotal("language", "en", 1), UsageTotal("need", "nascita", 3)]
    assert UsageTotal("search", "results:0", 1) in totals
    assert stats.usage_totals(D1, D3, kind="need", kiosk_id="cpf-lucca") == [
        UsageTotal("need", "nascita", 2),
        UsageTotal("need", "scuola", 1),
    ]


def test_daily_series_includes_empty_days(usage_data: None) -> None:
    assert stats.usage_by_day(D1, D3) == [DayCount(D1, 5), DayCount(D2, 0), DayCount(D3, 2)]
    assert stats.usage_by_day(D1, D3, kind="need", key="nascita") == [
        DayCount(D1, 3),
        DayCount(D2, 0),
        DayCount(D3, 0),
    ]
    with pytest.raises(ValueError):
        stats.usage_by_day(D3, D1)


def test_report_lists_kiosks_seen(usage_data: None) -> None:
    report = stats.usage_report(D1, D3)
    assert report.kiosks == ("cpf-capannori", "cpf-lucca")
    assert sum(d.count for d in report.by_day) == sum(t.count for t in report.totals) == 7


def test_csv_export_of_usage(usage_data: None, tmp_path: Path) -> None:
    now = dt.datetime(2026, 3, 4, 10, 0, 0)
    result = stats.export_usage(D1, D3, tmp_path / "staff", kiosk_id="cpf-lucca", now=now)
    assert result.path.name == "usage-20260301-20260303-20260304-110000.csv"
    assert stat.S_IMODE(os.stat(result.path).st_mode) == 0o600
    with open(result.path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))  # an Italian-locale spreadsheet's way
    assert rows[0] == ["Giorno", "Postazione", "Tipo", "Chiave", "Conteggio"]
    assert ["01/03/2026", "cpf-lucca", "need", "nascita", "2"] in rows
    assert len(rows) == 1 + result.rows == 1 + 6
    audit = AuditLog.get(AuditLog.action == "export_usage")
    assert audit.detail == f"rows=6 file={result.path.name}"


def test_cli_stats(usage_data: None, db: str, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["stats", "--from", "2026-03-01", "--to", "2026-03-03", "--csv", "--out", str(tmp_path)]
    )
    out = io.StringIO()
    settings = Settings(database_url=db, kiosk_id="cpf-lucca", staff_dir=tmp_path / "unused")
    assert cli_commands.dispatch(args, settings, stdout=out) == 0
    text = out.getvalue()
    assert "utilizzo dal 01/03/2026 al 03/03/2026 (cpf-capannori, cpf-lucca)" in text
    assert "7 eventi in 3 giorni" in text
    assert len(list(tmp_path.glob("usage-*.csv"))) == 1
    with pytest.raises(SystemExit):
        parser.parse_args(["stats", "--from", "1/3/2026"])


def test_figures_for_the_screen_total_each_kiosk(usage_data: None) -> None:
    figures = stats.usage_figures(D1, D3)
    assert figures.per_kiosk == {"cpf-lucca": 6, "cpf-capannori": 1}
    assert figures.report == stats.usage_report(D1, D3)


def test_cli_stats_counts_comuni_and_needs_after_an_empty_search(db: str) -> None:
    for kind, key in [
        ("comune", "porcari"),
        ("comune", "porcari"),
        ("search", "results:0"),
        ("search_need", "scuola-studio"),
    ]:
        usage.record(kind, key, "it", "cpf-lucca", D2)
    parser = argparse.ArgumentParser(prog="kiosk")
    cli_commands.add_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["stats", "--from", "2026-03-01", "--to", "2026-03-03"])
    out = io.StringIO()
    settings = Settings(database_url=db, kiosk_id="cpf-lucca")
    assert cli_commands.dispatch(args, settings, stdout=out) == 0
    lines = [line.split() for line in out.getvalue().splitlines()]
    assert ["comune", "porcari", "2"] in lines
    assert ["search_need", "scuola-studio", "1"] in lines
