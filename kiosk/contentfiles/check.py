"""Check one mapping against its table: unknown, misplaced, missing fields and each value."""

from __future__ import annotations

from urllib.parse import urlsplit

from kiosk.cli_text import _
from kiosk.clock import local_today
from kiosk.contentfiles.check_structured import (
    check_comuni,
    check_hours,
    check_list,
    check_localized,
)
from kiosk.contentfiles.fields import Field, Kind, Table
from kiosk.contentfiles.problems import Reporter
from kiosk.contentfiles.readers import (
    read_bool,
    read_date,
    read_datetime,
    read_int,
    read_number,
    read_text,
)
from kiosk.contentfiles.schema import SLUG_RE
from kiosk.contentfiles.strict_yaml import Map, Node, Refused, Scalar, Seq
from kiosk.contentfiles.suggest import closest, did_you_mean, slugify
from kiosk.contentfiles.values import Values


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.plain and node.text == ""


def check_mapping(
    node: Node | None, table: Table, rep: Reporter, line: int = 1, italian_file: str = ""
) -> Values:
    """Check `node` against `table`: unknown/misplaced fields, missing required ones, each value.

    `line` is used when there is no mapping at all (e.g. empty front matter); `italian_file`
    names the file that Italian-only fields found in a translation belong to.
    """
    if node is None or _is_empty(node):
        values = Values(line)
        node_map = Map({}, line)
    elif isinstance(node, Map):
        values = Values(node.line)
        node_map = node
    else:
        if not isinstance(node, Refused):
            rep.add(
                node.line,
                _("{what}: deve essere un insieme di righe `campo: valore`", what=table.what),
                _("comincia con: {example}", example=table.fields[0].example),
            )
        return Values(node.line, failed=set(table.names))
    for name, entry in node_map.entries.items():
        values.lines[name] = entry.key_line
        spec = table.get(name)
        if spec is None:
            values.failed.add(name)
            if name in table.translation_only:
                rep.add(
                    entry.key_line,
                    _(
                        "`{name}`: questo campo va in un file di traduzione, non in {what}",
                        name=name,
                        what=table.what,
                    ),
                    _("toglilo da qui; scrivilo nella traduzione (<slug>.<lingua>.md)"),
                )
            elif name in table.italian_only:
                rep.add(
                    entry.key_line,
                    _("`{name}`: questo campo va nel file italiano", name=name),
                    _(
                        "spostalo in {file} (le traduzioni hanno solo i testi)",
                        file=italian_file or _("il file italiano"),
                    ),
                )
            else:
                suggestion = did_you_mean(name, table.names)
                rep.add(
                    entry.key_line,
                    _("campo sconosciuto `{name}` ({what})", name=name, what=table.what),
                    suggestion
                    or _("toglilo; campi previsti: {names}", names=", ".join(table.names)),
                )
            continue
        if isinstance(entry.value, Refused):
            values.failed.add(name)
            continue
        if _is_empty(entry.value):
            if spec.required:
                values.failed.add(name)
                rep.add(
                    entry.key_line,
                    _("`{key}` è vuoto", key=name),
                    _("scrivi: {example}", example=spec.example),
                )
            continue
        result = check_value(spec, entry.value, rep)
        if result is None:
            values.failed.add(name)
        else:
            values.data[name] = result
    for spec in table.fields:
        if spec.required and not values.seen(spec.name):
            values.missing.add(spec.name)
            rep.add(
                values.line,
                _("manca il campo obbligatorio `{name}`", name=spec.name),
                _("aggiungi: {example}", example=spec.example),
            )
    return values


def check_value(spec: Field, node: Node, rep: Reporter) -> object | None:
    """The checked value of one field, or None after reporting what is wrong."""
    key = spec.name
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LINE):
        return _check_text(spec, node, rep, key)
    if kind is Kind.SLUG:
        return _check_slug(node, key, rep)
    if kind is Kind.URL:
        return _check_url(node, key, rep)
    if kind is Kind.CHOICE:
        return _check_choice(spec, node, key, rep)
    if kind is Kind.NUMBER:
        return _check_range(spec, read_number(node, key, rep), node, rep)
    if kind is Kind.INT:
        number = read_int(node, key, rep)
        return None if _check_range(spec, number, node, rep) is None else number
    if kind is Kind.BOOL:
        return read_bool(node, key, rep)
    if kind is Kind.DATE:
        return _check_date(spec, node, rep)
    if kind is Kind.COMUNI:
        return check_comuni(spec, node, rep)
    if kind is Kind.DATETIME:
        return read_datetime(node, key, rep)
    if kind is Kind.LOCALIZED:
        return check_localized(spec, node, rep)
    if kind is Kind.HOURS:
        return check_hours(spec, node, rep)
    if kind is Kind.MAPPING:
        assert spec.table is not None
        if not isinstance(node, Map):
            rep.add(
                getattr(node, "line", 1),
                _("`{key}` deve essere un insieme di campi", key=key),
                _("scrivi: {example}", example=spec.example),
            )
            return None
        sub = check_mapping(node, spec.table, rep)
        return sub if sub.ok else None
    if kind is Kind.MAPPINGS:
        return _check_mappings(spec, node, rep)
    return check_list(spec, node, rep)


def _check_mappings(spec: Field, node: Node, rep: Reporter) -> tuple[Values, ...] | None:
    """A list of sets of fields, each checked against the field's declaration."""
    assert spec.table is not None
    key = spec.name
    item_example = spec.example.partition(": ")[2].strip("[]")
    if not isinstance(node, Seq):
        if not isinstance(node, Refused):
            rep.add(
                getattr(node, "line", 1),
                _(
                    "`{key}` deve essere un elenco, un `- {item}` per riga",
                    key=key,
                    item=item_example,
                ),
                _("scrivi: {example}", example=spec.example),
            )
        return None
    found: list[Values] = []
    ok = True
    for item in node.items:
        if isinstance(item, Refused):
            ok = False
            continue
        if not isinstance(item, Map):
            rep.add(
                getattr(item, "line", node.line),
                _(
                    "`{key}`: ogni elemento ({what}) deve essere un insieme di campi, non un "
                    "valore singolo",
                    key=key,
                    what=spec.table.what,
                ),
                _("scrivi: {example}", example="- " + item_example),
            )
            ok = False
            continue
        sub = check_mapping(item, spec.table, rep, line=item.line)
        if not sub.ok:
            ok = False
            continue
        found.append(sub)
    return tuple(found) if ok else None


def _check_text(spec: Field, node: Node, rep: Reporter, key: str) -> str | None:
    text = read_text(node, key, rep, spec.example.partition(": ")[2])
    if text is None:
        return None
    line = getattr(node, "line", 1)
    if spec.kind is Kind.LINE and "\n" in text.strip():
        rep.add(
            line,
            _("`{key}` deve stare su una riga", key=key),
            _("scrivilo su una riga: {example}", example=key + ': "..."'),
        )
        return None
    if spec.kind is Kind.LINE and "\t" in text.strip():  # a tab only makes sense across lines
        rep.add(
            line,
            _("`{key}` contiene il carattere di controllo invisibile TAB (U+0009)", key=key),
            _("scrivi uno spazio al suo posto"),
        )
        return None
    if spec.max_len is not None and len(text.strip()) > spec.max_len:
        rep.add(
            line,
            _(
                "`{key}` è lungo {count} caratteri; il limite è {limit}",
                key=key,
                count=len(text.strip()),
                limit=spec.max_len,
            ),
            _("accorcialo (i dettagli vanno nella descrizione)"),
        )
        return None
    if spec.required and not text.strip():
        rep.add(line, _("`{key}` è vuoto", key=key), _("scrivi: {example}", example=spec.example))
        return None
    return text.strip() if spec.kind is Kind.LINE else text.strip("\n")


def _check_slug(node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, "percorso-nascita")
    if text is None:
        return None
    if not SLUG_RE.fullmatch(text):
        rep.add(
            getattr(node, "line", 1),
            _(
                "`{key}`: {text!r} può usare solo lettere minuscole, cifre e -",
                key=key,
                text=text,
            ),
            _("scrivi: {example}", example=key + ": " + slugify(text) if key else slugify(text)),
        )
        return None
    return text


def _check_url(node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, '"https://..."')
    if text is None:
        return None
    url = text.strip()
    try:
        parts = urlsplit(url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a malformed [IPv6] host
        valid = False
    if not valid or any(c.isspace() for c in url):
        rep.add(
            getattr(node, "line", 1),
            _("`{key}` deve essere un indirizzo web che comincia con https:// o http://", key=key),
            _("scrivi: {example}", example=key + ': "https://www.example.it/pagina"'),
        )
        return None
    return url


def _check_choice(spec: Field, node: Node, key: str, rep: Reporter) -> str | None:
    text = read_text(node, key, rep, spec.choices[0])
    if text is None:
        return None
    if text.strip() in spec.choices:
        return text.strip()
    best = closest(text.strip(), spec.choices)
    rep.add(
        getattr(node, "line", 1),
        _(
            "`{key}`: {text!r} non è tra {choices}",
            key=key,
            text=text,
            choices=", ".join(spec.choices),
        ),
        _("scrivi: {example}", example=key + ": " + best)
        if best
        else _("scrivi uno tra: {choices}", choices=", ".join(spec.choices)),
    )
    return None


def _check_date(spec: Field, node: Node, rep: Reporter) -> object | None:
    """A date; a `past` one (the day a page was read) cannot be after today."""
    day = read_date(node, spec.name, rep)
    if day is None or not spec.past:
        return day
    today = local_today()
    if day > today:
        rep.add(
            getattr(node, "line", 1),
            _(
                "`{key}`: {day} è nel futuro (oggi è {today})",
                key=spec.name,
                day=day.isoformat(),
                today=today.isoformat(),
            ),
            _(
                "scrivi il giorno in cui l'hai letta, per esempio {key}: {today}",
                key=spec.name,
                today=today.isoformat(),
            ),
        )
        return None
    return day


def _check_range(spec: Field, number: float | None, node: Node, rep: Reporter) -> float | None:
    if number is None:
        return None
    line = getattr(node, "line", 1)
    if spec.minimum is not None and number < spec.minimum:
        rep.add(
            line,
            _("`{key}` deve essere almeno {limit}", key=spec.name, limit=format(spec.minimum, "g")),
            _("scrivi: {example}", example=spec.example),
        )
        return None
    if spec.maximum is not None and number > spec.maximum:
        rep.add(
            line,
            _(
                "`{key}` deve essere al massimo {limit}",
                key=spec.name,
                limit=format(spec.maximum, "g"),
            ),
            _("scrivi: {example}", example=spec.example),
        )
        return None
    return number
