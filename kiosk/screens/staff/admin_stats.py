"""Anonymous usage for the Region's report: a period, counts with bar charts, CSV export."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Sparkline, Static

from kiosk.clock import local_today
from kiosk.comuni import comune_named
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import AdminBaseScreen, _
from kiosk.staff import stats
from kiosk.staff.content import months_before
from kiosk.staff.records import ExportResult, UsageFigures
from kiosk.widgets.bar_chart import BarChart

PERIODS = (
    ("today", _("Oggi")),
    ("week", _("Ultimi 7 giorni")),
    ("month", _("Questo mese")),
    ("last_month", _("Mese scorso")),
)

# (usage kind, heading) of the charts; "kiosk" and "day" are computed here.
SECTIONS = (
    ("need", _("Per bisogno")),
    ("age_group", _("Per età")),
    ("service", _("Per servizio")),
    ("event", _("Per evento")),
    ("search", _("Ricerche")),
    ("search_need", _("Bisogno scelto dopo una ricerca senza risultati")),
    ("comune", _("Per comune scelto")),
    ("language", _("Per lingua")),
    ("kiosk", _("Per postazione")),
    ("day", _("Per giorno")),
)


def period(choice: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day (both included) of a period ending today or last month."""
    if choice == "today":
        return today, today
    if choice == "week":
        return today - dt.timedelta(days=6), today
    first = today.replace(day=1)
    if choice == "month":
        return first, today
    return months_before(first, 1), first - dt.timedelta(days=1)


class AdminStatsScreen(AdminBaseScreen):
    """What was looked at, never who: counts per need, age, service, language, kiosk, day."""

    TITLE_TEXT = _("Statistiche")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012

    def __init__(self, today: dt.date | None = None) -> None:
        super().__init__()
        self.today = today
        self.choice = "week"
        self.shown: UsageFigures | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(classes="admin-toolbar", id="periods"):
            for key, text in PERIODS:
                yield Button(label(self._(text)), id=f"period-{key}", name=key, classes="period")
        with Horizontal(id="stats-bar"):
            yield Static(id="stats-summary", classes="admin-heading")
            yield Button(label(self._("Esporta CSV")), id="stats-export", variant="success")
        with VerticalScroll(id="stats-scroll"):
            yield Static(id="export-result", classes="admin-result")
            yield Sparkline([], id="stats-sparkline")
            with Grid(id="stats-grid"):
                for kind, heading in SECTIONS:
                    with Vertical(classes="stats-section"):
                        yield Static(label(self._(heading)), classes="stats-heading")
                        yield BarChart(id=f"chart-{kind}", empty_text="—")

    def dates(self) -> tuple[dt.date, dt.date]:
        return period(self.choice, self.today or local_today())

    def reload(self) -> None:
        for button in self.query(".period").results(Button):
            button.variant = "primary" if button.name == self.choice else "default"
        start, end = self.dates()
        self.load_then(lambda: stats.usage_figures(start, end), self.show_figures)

    @on(Button.Pressed, ".period")
    def choose_period(self, event: Button.Pressed) -> None:
        self.choice = event.button.name or "week"
        self.reload()

    def show_figures(self, shown: UsageFigures) -> None:
        self.shown = shown
        report = shown.report
        totals: dict[str, list[tuple[str, int]]] = {}
        for total in report.totals:
            key = comune_named(total.key) if total.kind == "comune" else total.key
            totals.setdefault(total.kind, []).append((key or total.key or "—", total.count))
        totals["kiosk"] = sorted(shown.per_kiosk.items(), key=lambda kv: (-kv[1], kv[0]))
        totals["day"] = [(f"{d.day:%d/%m}", d.count) for d in report.by_day]
        for kind, _heading in SECTIONS:
            self.query_one(f"#chart-{kind}", BarChart).items = tuple(totals.get(kind, []))
        self.query_one("#stats-sparkline", Sparkline).data = [d.count for d in report.by_day]
        grand = sum(shown.per_kiosk.values())
        self.query_one("#stats-summary", Static).update(
            label(
                self.ngettext(
                    "Dal {start} al {end}: {count} scelta registrata",
                    "Dal {start} al {end}: {count} scelte registrate",
                    grand,
                ).format(
                    start=f"{report.start:%d/%m/%Y}", end=f"{report.end:%d/%m/%Y}", count=grand
                )
            )
        )

    @on(Button.Pressed, "#stats-export")
    def export_csv(self) -> None:
        start, end = self.dates()
        folder, kiosk_id = self.kiosk.settings.staff_dir, self.kiosk.settings.kiosk_id
        self.load_then(
            lambda: stats.export_usage(start, end, folder, kiosk_id=kiosk_id), self.show_export
        )

    def show_export(self, result: ExportResult) -> None:
        self.show_result(self.export_text(result))
