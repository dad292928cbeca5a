"""The texts of the messages to families, in the entry's language (catalogue domain 'messages')."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.catalogue import FALLBACK_LANG
from kiosk.clock import to_local
from kiosk.i18n import N_, translate
from kiosk.models import Event, EventText, ServiceText, Waitlist, WaitlistEntry

CENTRE = N_("Centro per le Famiglie della Piana di Lucca")
# kind -> (subject, e-mail body, SMS text). Each names only the list, the code and what to do.
TEXTS: dict[str, tuple[str, str, str]] = {
    "confirmation": (
        N_("Sei nella lista d'attesa: {service}"),
        N_(
            "Sei nella lista d'attesa di «{service}».\n"
            "Il tuo codice: {code}\n"
            "{position_line}\n"
            "Per vedere il tuo posto o cancellarti, tocca «Ho un codice» al totem del Centro "
            "e scrivi il codice, oppure chiedi allo sportello."
        ),
        N_(
            "{centre}: sei in lista d'attesa per {service}. Codice {code}. {position_line} "
            "Per vedere il posto o cancellarti: «Ho un codice» al totem o allo sportello."
        ),
    ),
    "offer": (
        N_("Un posto per te: {service}"),
        N_(
            "Si è liberato un posto per te in «{service}».\n"
            "Il posto resta tuo fino a {until}.\n"
            "Per accettarlo o rinunciare vieni allo sportello, telefona al Centro, oppure "
            "rispondi a questo messaggio scrivendo il tuo codice: {code}."
        ),
        N_(
            "{centre}: un posto per te in {service}, tuo fino a {until}. Per accettare o "
            "rinunciare: sportello, telefono, o rispondi con il codice {code}."
        ),
    ),
    "reminder": (
        N_("Promemoria: domani {service}"),
        N_(
            "Ti ricordiamo che domani, {when}, c'è «{service}».\n"
            "Il tuo codice: {code}\n"
            "Se non puoi venire, cancellati con «Ho un codice» al totem del Centro o avvisa "
            "lo sportello: il posto passa a un'altra famiglia."
        ),
        N_(
            "{centre}: domani, {when}, c'è {service}. Codice {code}. Se non puoi venire "
            "cancellati al totem («Ho un codice») o avvisa lo sportello."
        ),
    ),
    "cancellation": (
        N_("Iscrizione cancellata: {service}"),
        N_(
            "La tua iscrizione alla lista d'attesa di «{service}» (codice {code}) è stata "
            "cancellata.\n"
            "Per iscriverti di nuovo usa il totem del Centro o chiedi allo sportello."
        ),
        N_(
            "{centre}: la tua iscrizione a {service} (codice {code}) è cancellata. "
            "Per iscriverti di nuovo: totem o sportello."
        ),
    ),
}
POSITION = N_("Posizione in lista: {position}")
FOOTER = N_(
    "Ricevi questo messaggio perché al totem hai scelto «Avvisami quando tocca a me». "
    "Per non ricevere altri avvisi, chiedi allo sportello. Messaggio automatico."
)


@dataclass(frozen=True)
class Text:
    """A message ready for a channel: subject (e-mail only) and body."""

    subject: str
    body: str
    lang: str


def list_name(waitlist_id: int, lang: str) -> str:
    """The service's name (or the event's title) in `lang`, else Italian, else its slug."""
    waitlist = Waitlist.get_by_id(waitlist_id)
    langs = [lang, FALLBACK_LANG]
    if waitlist.event_id is not None:
        event = Event.get_by_id(waitlist.event_id)
        titles = EventText.select().where(EventText.event == event.id, EventText.lang.in_(langs))
        names = {r.lang: r.title for r in titles}
        return names.get(lang) or names.get(FALLBACK_LANG) or event.slug
    texts = ServiceText.select().where(
        ServiceText.service == waitlist.service_id, ServiceText.lang.in_(langs)
    )
    names = {r.lang: r.name for r in texts}
    return names.get(lang) or names.get(FALLBACK_LANG) or str(waitlist.service_id)


def _when(value: object) -> str:
    """A stored ISO moment (UTC) as the centre's local day and time, 24/11/2026 18:00."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(str(value))
    return f"{to_local(moment):%d/%m/%Y %H:%M}"


def render(
    kind: str, channel: str, lang: str, entry: WaitlistEntry, params: Mapping[str, object]
) -> Text:
    """The text of one message: the entry gives the code and list, `params` the rest."""
    subject, body, sms = TEXTS[kind]

    def _(msgid: str) -> str:
        return translate(lang, msgid)

    position = params.get("position")
    values = {
        "centre": _(CENTRE),
        "service": list_name(entry.waitlist_id, lang),
        "code": entry.code,
        "position_line": _(POSITION).format(position=position) if position else "",
        "until": _when(params.get("until")),
        "when": _when(params.get("when")),
    }
    if channel == "sms":
        text = " ".join(_(sms).format(**values).split())
        return Text(subject="", body=text, lang=lang)
    lines = [line for line in _(body).format(**values).split("\n") if line.strip()]
    full = "\n".join([*lines, "", "--", values["centre"], _(FOOTER)])
    return Text(subject=_(subject).format(**values), body=full + "\n", lang=lang)
