"""The privacy notice (GDPR art. 13) of the waitlists: the short text and the full one."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.i18n import translate, translate_plural
from kiosk.records import PrivacyFacts
from kiosk.text import printable

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def short_notice(_: Translate, ngettext: TranslatePlural, facts: PrivacyFacts) -> str:
    """The notice shown on the form itself, before the visitor submits."""
    return "\n".join(
        [
            _("Titolare del trattamento: {controller}, {address}.").format(
                controller=_(facts.controller), address=facts.controller_address
            ),
            _("Usiamo i tuoi dati solo per gestire questa lista d'attesa e per richiamarti."),
            _("Base giuridica: compito di interesse pubblico (art. 6, par. 1, lett. e GDPR)."),
            ngettext(
                "Conserviamo i dati per {days} giorno dopo la chiusura della lista.",
                "Conserviamo i dati per {days} giorni dopo la chiusura della lista.",
                facts.retention_days,
            ).format(days=facts.retention_days),
            _(
                "Hai diritto di accesso, rettifica, cancellazione, limitazione e opposizione, "
                "e di reclamo al Garante per la protezione dei dati personali."
            ),
            _(
                "Per esercitare i tuoi diritti, e per il contatto del Responsabile della "
                "protezione dei dati, chiedi allo sportello."
            ),
        ]
    )


def full_notice(
    _: Translate, ngettext: TranslatePlural, facts: PrivacyFacts
) -> list[tuple[str, str]]:
    """The full notice as (heading, paragraph) pairs."""
    return [
        (
            _("Chi tratta i tuoi dati"),
            _(
                "Il titolare del trattamento è il {controller}, {address}, che gestisce il "
                "Centro per le Famiglie della Piana di Lucca."
            ).format(controller=_(facts.controller), address=facts.controller_address),
        ),
        (
            _("Responsabile della protezione dei dati"),
            _(
                "Il Comune ha un Responsabile della protezione dei dati (DPO). "
                "Chiedi allo sportello come contattarlo."
            ),
        ),
        (
            _("Quali dati"),
            _(
                "Solo quelli del modulo: un nome o soprannome (mai per i servizi riservati), "
                "un telefono o un'e-mail e, se il servizio li chiede, quante persone siete, "
                "l'età del bambino o della bambina e una breve nota."
            ),
        ),
        (
            _("Perché"),
            _(
                "Per gestire la lista d'attesa del servizio che hai scelto e per richiamarti "
                "quando è il tuo turno. Non usiamo i dati per altri scopi."
            ),
        ),
        (
            _("Avvisi per SMS o e-mail"),
            _(
                "Solo se scegli «Avvisami quando tocca a me» ti scriviamo al recapito che hai "
                "dato: la conferma dell'iscrizione, l'offerta di un posto, un promemoria, la "
                "cancellazione. I messaggi contengono il nome del servizio e il tuo codice, "
                "nient'altro. Li inviamo tramite il servizio di posta o di SMS del Centro."
            ),
        ),
        (
            _("Base giuridica"),
            _(
                "L'esecuzione di un compito di interesse pubblico: i servizi del Centro per le "
                "Famiglie (art. 6, paragrafo 1, lettera e del Regolamento UE 2016/679, GDPR)."
            ),
        ),
        (
            _("Chi vede i dati"),
            _("Solo il personale autorizzato del Centro per le Famiglie. I dati non sono diffusi."),
        ),
        (
            _("Per quanto tempo"),
            ngettext(
                "Cancelliamo i dati {days} giorno dopo la chiusura della lista, oppure {days} "
                "giorno dopo che la tua iscrizione si è conclusa (per esempio se ti cancelli).",
                "Cancelliamo i dati {days} giorni dopo la chiusura della lista, oppure {days} "
                "giorni dopo che la tua iscrizione si è conclusa (per esempio se ti cancelli).",
                facts.retention_days,
            ).format(days=facts.retention_days),
        ),
        (
            _("Se non vuoi lasciare i dati"),
            _(
                "Lasciare i dati è libero. Senza un recapito non possiamo iscriverti da qui, "
                "ma puoi sempre chiedere allo sportello."
            ),
        ),
        (
            _("I tuoi diritti"),
            _(
                "Puoi chiedere di vedere i tuoi dati, di correggerli o cancellarli, di limitarne "
                "l'uso o di opporti al trattamento (articoli da 15 a 21 del GDPR). "
                "Per farlo chiedi allo sportello. Con il tuo codice puoi anche cancellarti da "
                "solo, da «Ho un codice». Puoi fare reclamo al Garante per la protezione dei "
                "dati personali ({site})."
            ).format(site=facts.authority_site),
        ),
    ]


class PrivacyNoticeScreen(ModalScreen[None]):
    """The full privacy notice ('Leggi tutto'), over the form it belongs to."""

    CSS_PATH = "waitlist.tcss"

    def __init__(self, facts: PrivacyFacts) -> None:
        super().__init__()
        self.facts = facts

    def _(self, message: str) -> str:
        return translate(getattr(self.app, "language", "it"), message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translate_plural(getattr(self.app, "language", "it"), singular, plural, count)

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-box"):
            yield Static(Content(self._("Informativa sulla privacy")), id="privacy-title")
            with VerticalScroll(id="privacy-text", can_focus=False):
                for heading, paragraph in full_notice(self._, self.ngettext, self.facts):
                    yield Static(Content(printable(heading)), classes="privacy-heading")
                    yield Static(Content(printable(paragraph)), classes="privacy-paragraph")
            yield Button(Content(self._("Chiudi")), id="privacy-close", variant="primary")

    @on(Button.Pressed, "#privacy-close")
    def close(self) -> None:
        self.dismiss(None)
