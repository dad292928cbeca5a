"""What the strict YAML reader tells a volunteer: hints for PyYAML's errors, refusals."""

from __future__ import annotations

from kiosk.cli_text import _

_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        _('un valore contiene ": " — metti tutto il valore tra virgolette'),
    ),
    ("found character '\\t'", _("per rientrare usa gli spazi, non i tab")),
    (
        "could not find expected ':'",
        _("ogni riga deve essere `campo: valore`; controlla i due punti e le virgolette"),
    ),
    (
        "while scanning a quoted scalar",
        _("una virgoletta non è chiusa: termina il testo con la stessa virgoletta"),
    ),
    (
        "unknown escape character",
        _(
            "tra virgolette doppie scrivi \\\\ per una barra rovesciata, "
            "o usa le virgolette semplici"
        ),
    ),
    (
        "expected a single document",
        _("il file deve avere un solo documento: togli il `---` in più"),
    ),
    ("found undefined alias", _("togli l'`*`: ancore e alias non sono ammessi")),
    (
        "while parsing a flow",
        _("un [elenco] o una {{mappa}} non è chiuso, o ha un carattere di troppo"),
    ),
    ("while scanning an alias", _("un valore che comincia con `*` va tra virgolette")),
    ("while scanning an anchor", _("un valore che comincia con `&` va tra virgolette")),
    ("while scanning a tag", _("un valore che comincia con `!` va tra virgolette")),
    (
        "while scanning a simple key",
        _("ogni riga deve essere `campo: valore`; controlla i due punti e le virgolette"),
    ),
    ("found unexpected end of stream", _("una virgoletta o una parentesi non è chiusa")),
    ("while scanning a block scalar", _("controlla il testo dopo | o > e il suo rientro")),
    (
        "special characters are not allowed",
        _("togli da questa riga il carattere di controllo invisibile"),
    ),
    (
        "expected <block end>",
        _("i campi allo stesso livello devono cominciare nella stessa colonna"),
    ),
    (
        "did not find expected key",
        _("i campi allo stesso livello devono cominciare nella stessa colonna"),
    ),
    (
        "did not find expected '-'",
        _("gli elementi di un elenco allo stesso livello devono cominciare nella stessa colonna"),
    ),
    ("found character '@'", _("un valore che comincia con @ o ` va tra virgolette")),
    ("found character '`'", _("un valore che comincia con @ o ` va tra virgolette")),
)


NOT_A_WORD = (_("il nome di un campo deve essere una parola semplice"), _("scrivi: campo: valore"))
TOO_DEEP = (_("lo YAML ha troppi livelli annidati"), _("usa al massimo pochi livelli"))


def alias_refused(line: int, anchor: str | None) -> tuple[int, str, str]:
    return (
        line,
        _("l'alias `*{anchor}` non è ammesso", anchor=anchor),
        _("scrivi il valore per intero"),
    )


def anchor_refused(line: int, anchor: str | None) -> tuple[int, str, str]:
    return (
        line,
        _("l'ancora `&{anchor}` non è ammessa", anchor=anchor),
        _("togli `&{anchor}` e scrivi ogni valore per intero", anchor=anchor),
    )


def tag_refused(line: int, tag: str) -> tuple[int, str, str]:
    return (
        line,
        _("il tag YAML non sicuro `{tag}` non è ammesso", tag=show_tag(tag)),
        _("togli il tag; metti il testo tra virgolette"),
    )


def syntax_hint(text: str) -> str:
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return hint
    return _("controlla questa riga e quella sopra: rientri, virgolette, due punti")


def show_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(prefix) if tag.startswith(prefix) else tag
