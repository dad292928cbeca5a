"""Content for staff: preview a reload (with every problem as file:line), apply it, reviews."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.config import AUTONYMS
from kiosk.screens.base import label
from kiosk.screens.staff.admin_base import AdminBaseScreen, _, literal, shown
from kiosk.staff import content
from kiosk.staff.records import ReloadPreview, ReviewItem, TranslationReview

REVIEW_CHOICES = (6, 12, 24)  # months since a person last verified a service


class AdminContentScreen(AdminBaseScreen):
    """'Ricarica contenuti' shows what would change; 'Applica' only when the files are valid."""

    TITLE_TEXT = _("Contenuti")

    def __init__(self, review_months: int = content.REVIEW_MONTHS) -> None:
        super().__init__()
        self.review_months = review_months
        self.preview: ReloadPreview | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(classes="admin-toolbar"):
            yield Button(
                label(self._("Ricarica contenuti")), id="content-preview", variant="primary"
            )
            yield Button(
                label(self._("Applica")), id="content-apply", variant="success", disabled=True
            )
        with VerticalScroll(id="content-scroll"):
            yield Static(
                label(self._("Tocca «Ricarica contenuti» per vedere cosa cambierebbe.")),
                id="content-report",
            )
            yield Static(id="review-heading", classes="admin-heading")
            with Horizontal(classes="admin-toolbar", id="review-choices"):
                for months in REVIEW_CHOICES:
                    yield Button(
                        label(
                            self.ngettext("{months} mese", "{months} mesi", months).format(
                                months=months
                            )
                        ),
                        id=f"review-{months}",
                        name=str(months),
                        classes="review-choice",
                    )
            yield Static(id="review-list")
            yield Static(id="translation-heading", classes="admin-heading")
            yield Static(id="translation-list")

    # --- reload: preview, then apply ---------------------------------------------------------

    @on(Button.Pressed, "#content-preview")
    def preview_reload(self) -> None:
        folder = self.kiosk.settings.content_dir
        self.query_one("#content-apply", Button).disabled = True
        self.query_one("#content-report", Static).update(label(self._("Controllo dei file…")))
        self.load_then(lambda: content.preview_reload(folder), self.show_preview)

    def show_preview(self, preview: ReloadPreview) -> None:
        self.preview = preview
        self.query_one("#content-apply", Button).disabled = not preview.can_apply
        self.query_one("#content-report", Static).update(self.report(preview))

    @on(Button.Pressed, "#content-apply")
    def apply_reload(self) -> None:
        if self.preview is None or not self.preview.can_apply:
            return
        folder, kiosk_id = self.kiosk.settings.content_dir, self.kiosk.settings.kiosk_id
        seen = self.preview.last_id  # refused if anything was published since the preview
        self.query_one("#content-apply", Button).disabled = True
        self.load_then(
            lambda: content.apply_reload(folder, kiosk_id=kiosk_id, seen=seen), self.show_applied
        )

    def show_applied(self, result: ReloadPreview) -> None:
        # The files may have changed since the preview: a refused apply shows why.
        self.show_preview(result)
        self.query_one("#content-apply", Button).disabled = True
        if result.applied:
            self.say(
                self._("Contenuti pubblicati (versione {version}).").format(
                    version=result.version[:12]
                )
            )
            self.load_reviews()

    def report(self, preview: ReloadPreview) -> Content:
        """The preview as lines; volunteers' text and file names shown literally."""
        lines: list[Content] = [
            label(self._("Cartella letta: {folder}").format(folder=shown(preview.folder)))
        ]
        if preview.last_version:
            last = self._("Ultima pubblicazione: versione {version} del {when}, da {folder}")
            lines.append(
                label(
                    last.format(
                        version=preview.last_version[:12],
                        when=f"{preview.last_at:%d/%m/%Y %H:%M}" if preview.last_at else "?",
                        folder=shown(preview.last_folder)
                        if preview.last_folder
                        else self._("cartella non registrata"),
                    )
                )
            )
        if preview.applied:
            lines.append(Content.styled(self._("Pubblicato."), "bold"))
        if preview.refused:
            lines.append(Content.styled(self.refusal(preview), "bold"))
            return Content("\n").join(lines)
        if not preview.ok:
            lines.append(
                Content.styled(
                    self.ngettext(
                        "I file hanno {count} problema: correggerlo prima di applicare.",
                        "I file hanno {count} problemi: correggerli prima di applicare.",
                        len(preview.problems),
                    ).format(count=len(preview.problems)),
                    "bold",
                )
            )
            lines += [literal(problem) for problem in preview.problems]
            return Content("\n").join(lines)
        if not preview.changed:
            lines.append(label(self._("Nessuna modifica rispetto a quanto pubblicato.")))
        for title, items in (
            (self._("Nuovi"), preview.added),
            (self._("Modificati"), preview.updated),
            (self._("Ritirati"), preview.retired),
        ):
            if items:
                lines.append(Content.styled(f"{title}: {len(items)}", "bold"))
                lines += [Content("  ") + literal(item) for item in items]
        lines.append(label(self._("Versione: {version}").format(version=preview.version[:12])))
        return Content("\n").join(lines)

    def refusal(self, preview: ReloadPreview) -> str:
        """Why «Applica» is refused, and what to do instead."""
        if preview.refused == "other_folder":
            return self._(
                "Non si può applicare: l'ultima pubblicazione viene da un'altra cartella. "
                "Applicando si ritirerebbe quanto pubblicato da lì. Chiedere a chi cura i "
                "contenuti di usare «kiosk content sync» sulla cartella giusta."
            )
        return self._(
            "Non si può applicare: dopo questa anteprima è stata pubblicata una versione più "
            "recente, che si annullerebbe. Toccare di nuovo «Ricarica contenuti»; se il "
            "problema resta, usare «kiosk content sync» sulla cartella giusta."
        )

    # --- services to verify ----------------------------------------------------------------

    def reload(self) -> None:
        self.load_reviews()

    def load_reviews(self) -> None:
        months = self.review_months
        for button in self.query(".review-choice").results(Button):
            button.variant = "primary" if button.name == str(months) else "default"
        self.load_then(lambda: content.records_needing_review(months), self.show_reviews)
        self.load_then(content.translations_awaiting_review, self.show_translations)

    @on(Button.Pressed, ".review-choice")
    def choose_months(self, event: Button.Pressed) -> None:
        self.review_months = int(event.button.name or content.REVIEW_MONTHS)
        self.load_reviews()

    def show_reviews(self, items: list[ReviewItem]) -> None:
        self.query_one("#review-heading", Static).update(
            label(
                self.ngettext(
                    "Da verificare (sportello, servizi ed eventi segnalati, mai verificati o "
                    "verificati più di {months} mese fa): {count}",
                    "Da verificare (sportello, servizi ed eventi segnalati, mai verificati o "
                    "verificati più di {months} mesi fa): {count}",
                    self.review_months,
                ).format(months=self.review_months, count=len(items))
            )
        )
        lines = []
        for item in items:
            when = (
                f"{item.assured_date:%d/%m/%Y}" if item.assured_date else self._("mai verificato")
            )
            kind = {"office": self._("Sportello"), "event": self._("Evento")}.get(item.kind, "")
            line = Content(f"{kind}: ") if kind else Content("")
            line += literal(item.name) + Content(f" — {when} — ") + literal(item.source_path)
            if item.needs_review:
                line += Content(" — ") + Content.styled(self._("da rivedere"), "bold")
                if item.review_note:
                    line += Content(": ") + literal(item.review_note)
            lines.append(line)
            for source in item.sources:
                line = Content("    " + self._("Fonte") + ": ") + literal(source.url)
                line += Content(" — " + self._("letta il") + " ") + literal(source.read)
                if source.about:
                    line += Content(" — ") + literal(source.about)
                lines.append(line)
            if not item.sources:
                lines.append(Content("    " + self._("Nessuna fonte indicata")))
        self.query_one("#review-list", Static).update(Content("\n").join(lines))

    def show_translations(self, items: list[TranslationReview]) -> None:
        """Texts translated for the project, per item: its files and languages (autonyms)."""
        self.query_one("#translation-heading", Static).update(
            label(
                self._("Traduzioni da far controllare a chi parla la lingua: {count}").format(
                    count=len(items)
                )
            )
        )
        lines = []
        for item in items:
            kind = {"office": self._("Sportello"), "event": self._("Evento")}.get(item.kind, "")
            line = Content(f"{kind}: ") if kind else Content("")
            line += literal(item.name)
            if item.name != item.source_path:
                line += Content(" — ") + literal(item.source_path)
            languages = ", ".join(AUTONYMS.get(lang, lang) for lang in item.langs)
            lines.append(line + Content(" — ") + Content.styled(languages, "bold"))
        self.query_one("#translation-list", Static).update(Content("\n").join(lines))
