"""The page of one service: what, for whom, when, where, cost, how; a QR code; the waitlist."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk import catalogue
from kiosk.catalogue import where_text
from kiosk.cldr import language_name, long_date
from kiosk.comuni import ALL_COMUNI, COMUNI
from kiosk.i18n import N_
from kiosk.messages import OpenWaitlist
from kiosk.records import ServiceDetail
from kiosk.screens.base import label
from kiosk.screens.visitor.base import (
    VisitorScreen,
    compose_waitlist,
    fact,
    short_link,
)
from kiosk.widgets.markdown_text import MarkdownText
from kiosk.widgets.more import MoreBelow
from kiosk.widgets.qr_code import QRCode

PROVIDER_KINDS = {
    "comune": N_("Comune"),
    "ets": N_("Ente del Terzo Settore"),
    "asl": N_("Azienda sanitaria (ASL)"),
    "altro": N_("Altro ente"),
}


class ServiceDetailScreen(VisitorScreen):
    """Everything a visitor needs to know about one service, and a QR code to take it away."""

    PRELOAD = True

    detail: reactive[ServiceDetail | None] = reactive(None, recompose=True)
    missing: reactive[bool] = reactive(False, recompose=True)

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self._counted = False

    def reload(self) -> None:
        lang, slug = self.kiosk.language, self.slug
        public_url = self.kiosk.settings.public_url
        self.load_then(
            lambda: (lang, catalogue.service_detail(slug, lang, public_url=public_url)),
            self.show_detail,
        )

    def show_detail(self, answer: tuple[str, ServiceDetail | None]) -> None:
        lang, detail = answer
        if lang != self.kiosk.language:
            return  # the visitor switched language meanwhile: the new answer is coming
        if detail is None:
            self.missing = True
            return
        if not self._counted:
            self._counted = True
            self.count("service", detail.slug)
        self.detail = detail

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        # Name, summary, join button and QR code stay put; the details scroll beside them (at
        # 57×16 everything scrolls as one page, the link in place of the QR code).
        body = VerticalScroll(id="detail-body", classes="page")
        yield MoreBelow(body, self._("▼ Altro"))  # 57×16: the rest of the page, a tap a page
        with body:
            detail = self.detail
            if detail is None:
                yield from self.compose_missing() if self.missing else self.compose_loading()
                return
            with Vertical(id="detail-head"):
                yield Static(label(detail.name), classes="screen-title", id="detail-name")
                yield Static(label(detail.summary), id="detail-summary", classes="summary")
                yield from compose_waitlist(self, detail.waitlist)
                if detail.link:
                    yield Static(
                        label(self._("Inquadra il codice con il telefono per avere i dettagli.")),
                        id="detail-qr-hint",
                    )
            with Vertical(id="detail-side", classes="side-panel"):
                yield from self.compose_qr(detail)
            with VerticalScroll(id="detail-more"):
                with Vertical(id="detail-facts", classes="facts"):
                    yield from self.compose_facts(detail)
                yield MarkdownText(
                    detail.description,
                    id="detail-description",
                    classes="md",
                )
                if detail.assured_date:
                    checked = long_date(detail.assured_date, self.kiosk.language)
                    yield Static(
                        label(self._("Informazioni verificate il {date}.").format(date=checked)),
                        id="detail-assured",
                    )

    def compose_loading(self) -> ComposeResult:
        yield Static(label(self._("Un momento…")), classes="loading")

    def compose_missing(self) -> ComposeResult:
        with Vertical(classes="empty"):
            yield Static(
                label(self._("Questo servizio non è più disponibile.")), classes="empty-title"
            )
            yield Static(label(self._("Chiedi allo sportello: ti aiutiamo a trovare altro.")))
            yield Button(label(self._("Vai allo sportello")), id="detail-office")

    def compose_facts(self, detail: ServiceDetail) -> ComposeResult:
        who = [self.ages_text(detail.min_age, detail.max_age)]
        if detail.age_groups:
            who.append(", ".join(detail.age_groups))
        who.append(detail.eligibility)
        # one comune is part of "where"; several, or the whole Piana, say whom it is for
        single = detail.comune if detail.comune in COMUNI else ""
        facts = [
            (self._("Per chi"), "\n".join(part for part in who if part)),
            (self._("Quando"), detail.schedule),
            (self._("Dove"), where_text(detail.location, single)),
            (self._("Per le famiglie di"), "" if single else self.comuni_in_full(detail.comune)),
            (self._("Quanto costa"), detail.fees),
            (self._("Come accedere"), detail.application_process),
            (self._("Cosa portare"), "\n".join(f"• {doc}" for doc in detail.required_documents)),
            (self._("Lingue parlate"), self.language_names(detail.languages)),
            (self._("Contatti"), detail.contacts),
            (self._("Chi offre il servizio"), self.provider_text(detail)),
        ]
        for title, text in facts:
            if text:
                yield fact(title, text)

    def comuni_in_full(self, comuni: str) -> str:
        """'tutti' spelled out on the service page: the seven comuni of the Piana."""
        if comuni != ALL_COMUNI:
            return comuni
        return self._("tutti i comuni della Piana") + " (" + ", ".join(COMUNI) + ")"

    def language_names(self, codes: tuple[str, ...]) -> str:
        """The spoken languages, named in the visitor's language (CLDR)."""
        return ", ".join(language_name(code, self.kiosk.language) for code in codes)

    def provider_text(self, detail: ServiceDetail) -> str:
        kind = PROVIDER_KINDS.get(detail.provider_kind, "")
        if detail.provider_name and kind:
            return f"{detail.provider_name} ({self._(kind)})"
        return detail.provider_name

    def compose_qr(self, detail: ServiceDetail) -> ComposeResult:
        with Vertical(id="detail-qr-box", classes="qr-box"):
            if not detail.link:
                yield Static(
                    label(self._("Per avere i dettagli da portare con te, chiedi allo sportello.")),
                    id="detail-no-link",
                )
                return
            yield QRCode(
                detail.link,
                fallback_text=short_link(detail.link),
                too_small_text=self._("Apri questo indirizzo sul telefono:"),
                id="detail-qr",
            )

    # --- taps -------------------------------------------------------------------------------

    @on(Button.Pressed, "#join-waitlist")
    def join_waitlist(self) -> None:
        self.post_message(OpenWaitlist(self.slug))

    @on(Button.Pressed, "#detail-office, #waitlist-office")
    def office_chosen(self) -> None:
        self.open_office()
