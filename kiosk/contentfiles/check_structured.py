"""Checks of structured values: texts per language, opening hours, lists."""

from __future__ import annotations

import re

from kiosk.cli_text import _, ngettext
from kiosk.comuni import ALL_COMUNI, normalised
from kiosk.config import KNOWN_LANGUAGES
from kiosk.contentfiles.fields import Field, Kind
from kiosk.contentfiles.problems import Reporter
from kiosk.contentfiles.readers import read_date, read_text, read_time_range
from kiosk.contentfiles.schema import SLUG_RE, WEEKDAYS
from kiosk.contentfiles.strict_yaml import Map, Node, Refused, Scalar, Seq
from kiosk.contentfiles.suggest import closest, did_you_mean, slugify


def check_localized(spec: Field, node: Node, rep: Reporter) -> dict[str, str] | None:
    """A text per language (a single text is the Italian one); None after reporting."""
    key = spec.name
    if isinstance(node, Scalar):  # a single text is the Italian one
        text = read_text(node, key, rep)
        if text is None:
            return None
        return _check_localized_texts(spec, {"it": text}, {"it": node.line}, node.line, rep)
    if not isinstance(node, Map):
        if isinstance(node, Seq):
            rep.add(
                node.line,
                _("`{key}` deve essere un testo per lingua, non un elenco", key=key),
                _("scrivi: {example}", example=spec.example),
            )
        return None
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    ok = True
    for lang, entry in node.entries.items():
        if lang not in KNOWN_LANGUAGES:
            suggestion = did_you_mean(lang, KNOWN_LANGUAGES)
            rep.add(
                entry.key_line,
                _("`{key}`: lingua sconosciuta `{lang}`", key=key, lang=lang),
                suggestion or _("usa una di: {choices}", choices=" ".join(KNOWN_LANGUAGES)),
            )
            ok = False
            continue
        if isinstance(entry.value, Refused):
            ok = False
            continue
        text = read_text(entry.value, f"{key}.{lang}", rep)
        if text is None:
            ok = False
            continue
        texts[lang] = text
        lines[lang] = entry.key_line
    if "it" not in texts:
        if ok:
            rep.add(
                node.line,
                _("`{key}` non ha il testo in italiano", key=key),
                _("scrivi: {example}", example=spec.example),
            )
        return None
    result = _check_localized_texts(spec, texts, lines, node.line, rep)
    return result if ok else None


def _check_localized_texts(
    spec: Field, texts: dict[str, str], lines: dict[str, int], line: int, rep: Reporter
) -> dict[str, str] | None:
    ok = True
    cleaned: dict[str, str] = {}
    for lang, text in texts.items():
        value = text.strip()
        if spec.max_len is not None and len(value) > spec.max_len:
            rep.add(
                lines.get(lang, line),
                _(
                    "`{key}` ha {count} caratteri; il limite è {limit}",
                    key=spec.name + "." + lang,
                    count=len(value),
                    limit=spec.max_len,
                ),
                _("accorcialo"),
            )
            ok = False
        cleaned[lang] = value
    if not cleaned.get("it"):
        rep.add(
            lines.get("it", line),
            _("`{key}` ha il testo in italiano vuoto", key=spec.name),
            _("scrivi: {example}", example=spec.example),
        )
        ok = False
    return cleaned if ok else None


def check_hours(
    spec: Field, node: Node, rep: Reporter
) -> dict[int, tuple[tuple[str, str], ...]] | None:
    """Opening hours by weekday, ranges in order without overlaps; None after reporting."""
    if not isinstance(node, Map):
        if not isinstance(node, Refused):
            rep.add(
                node.line,
                _("`hours` deve elencare i giorni della settimana (lun mar mer gio ven sab dom)"),
                _("scrivi: {example}", example=spec.example),
            )
        return None
    result: dict[int, tuple[tuple[str, str], ...]] = {}
    ok = True
    for day, entry in node.entries.items():
        if day not in WEEKDAYS:
            suggestion = did_you_mean(day, WEEKDAYS)
            rep.add(
                entry.key_line,
                _("`hours`: giorno della settimana sconosciuto `{day}`", day=day),
                suggestion or _("usa: {choices}", choices=" ".join(WEEKDAYS)),
            )
            ok = False
            continue
        value = entry.value
        items: tuple[Node, ...]
        if isinstance(value, Seq):
            items = value.items
        elif isinstance(value, Scalar) and value.empty:
            items = ()
        elif isinstance(value, Scalar):
            items = (value,)
        else:
            ok = False
            if isinstance(value, Map):
                rep.add(
                    value.line,
                    _("`{day}` deve essere un elenco di fasce orarie", day=day),
                    _("scrivi: {example}", example=day + ': ["09:00-13:00"]'),
                )
            continue
        ranges: list[tuple[str, str]] = []
        for item in items:
            found = read_time_range(item, day, rep) if not isinstance(item, Refused) else None
            if found is None:
                ok = False
                continue
            if ranges and found[0] < ranges[-1][1]:
                rep.add(
                    getattr(item, "line", entry.key_line),
                    _(
                        "`{day}`: {start}-{end} si sovrappone alla fascia precedente o viene prima",
                        day=day,
                        start=found[0],
                        end=found[1],
                    ),
                    _("elenca le fasce in ordine, senza sovrapposizioni"),
                )
                ok = False
                continue
            ranges.append(found)
        result[WEEKDAYS.index(day)] = tuple(ranges)
    return result if ok else None


def check_list(spec: Field, node: Node, rep: Reporter) -> tuple[object, ...] | None:
    """A [list] of distinct items of the field's kind; None after reporting."""
    key = spec.name
    if not isinstance(node, Seq):
        if isinstance(node, Refused):
            return None
        rep.add(
            node.line,
            _("`{key}` deve essere un elenco tra [parentesi quadre]", key=key),
            _("scrivi: {example}", example=key + ": [" + node.text + "]")
            if isinstance(node, Scalar)
            else _("scrivi: {example}", example=spec.example),
        )
        return None
    if len(node.items) < spec.min_items:
        rep.add(
            node.line,
            ngettext(
                "`{key}` richiede almeno 1 elemento",
                "`{key}` richiede almeno {count} elementi",
                spec.min_items,
                key=key,
            ),
            _("scrivi: {example}", example=spec.example),
        )
        return None
    values: list[object] = []
    seen: set[object] = set()
    ok = True
    for item in node.items:
        if isinstance(item, Refused):
            ok = False
            continue
        value = _check_item(spec, item, rep)
        if value is None:
            ok = False
            continue
        if value in seen:
            rep.add(
                getattr(item, "line", node.line),
                _("`{key}`: {value} è elencato due volte", key=key, value=value),
                _("lascialo una volta sola"),
            )
            ok = False
            continue
        seen.add(value)
        values.append(value)
    return tuple(values) if ok else None


def _check_item(spec: Field, item: Node, rep: Reporter) -> object | None:
    key = spec.name
    line = getattr(item, "line", 1)
    if spec.kind is Kind.DATES:
        return read_date(item, "", rep, label=key)
    text = read_text(item, "", rep, label=key)
    if text is None:
        return None
    text = text.strip()
    if not text:
        rep.add(line, _("`{key}` ha un elemento vuoto", key=key), _("toglilo"))
        return None
    if spec.kind is Kind.SLUGS and not SLUG_RE.fullmatch(text):
        rep.add(
            line,
            _("`{key}`: {text!r} non è uno slug", key=key, text=text),
            _("scrivi: {example}", example=slugify(text)),
        )
        return None
    if spec.kind is Kind.LANGS and not re.fullmatch(r"[a-z]{2,3}", text):
        best = closest(text, KNOWN_LANGUAGES)
        rep.add(
            line,
            _("`{key}`: {text!r} non è un codice di lingua", key=key, text=text),
            _("scrivi: {example}", example=best or "it"),
        )
        return None
    if spec.kind is Kind.TRANSLATIONS:
        return _check_translated_language(key, text, line, rep)
    if spec.kind is Kind.COMUNI and text not in (*spec.choices, ALL_COMUNI):
        best = closest(text, (*spec.choices, ALL_COMUNI))
        rep.add(
            line,
            _(
                "`{key}`: {text!r} non è tra {choices} (oppure {all})",
                key=key,
                text=text,
                choices=", ".join(spec.choices),
                all=ALL_COMUNI,
            ),
            _("scrivi: {example}", example=best)
            if best
            else _("usa: {choices}", choices=", ".join(spec.choices)),
        )
        return None
    if spec.kind is Kind.CHOICES and text not in spec.choices:
        best = closest(text, spec.choices)
        rep.add(
            line,
            _(
                "`{key}`: {text!r} non è tra {choices}",
                key=key,
                text=text,
                choices=", ".join(spec.choices),
            ),
            _("intendevi `{best}`?", best=best)
            if best
            else _("usa: {choices}", choices=", ".join(spec.choices)),
        )
        return None
    return text


def _check_translated_language(key: str, text: str, line: int, rep: Reporter) -> str | None:
    """A language a file is translated into: a known code, not Italian (the original)."""
    if text == "it":
        rep.add(
            line,
            _("`{key}`: it è la lingua originale, non una traduzione", key=key),
            _("toglilo dall'elenco"),
        )
        return None
    if text not in KNOWN_LANGUAGES:
        translated = [lang for lang in KNOWN_LANGUAGES if lang != "it"]
        suggestion = did_you_mean(text, translated)
        rep.add(
            line,
            _("`{key}`: lingua sconosciuta `{text}`", key=key, text=text),
            suggestion or _("usa una di queste: {choices}", choices=" ".join(translated)),
        )
        return None
    return text


def check_comuni(spec: Field, node: Node, rep: Reporter) -> tuple[str, ...] | None:
    """Where a service is offered: one comune, a [list] of comuni, or `tutti` (all seven).

    The result follows the order of the seven comuni; all seven listed is ('tutti',).
    """
    key = spec.name
    every = (*spec.choices, ALL_COMUNI)
    if isinstance(node, Scalar):
        text = read_text(node, key, rep, spec.choices[0])
        if text is None:
            return None
        name = text.strip()
        if name in every:
            return normalised((name,))
        best = closest(name, every)
        rep.add(
            node.line,
            _(
                "`{key}`: {text!r} non è tra {choices} (oppure {all})",
                key=key,
                text=text,
                choices=", ".join(spec.choices),
                all=ALL_COMUNI,
            ),
            _("scrivi: {example}", example=key + ": " + best if best else spec.example),
        )
        return None
    if not isinstance(node, Seq):
        if isinstance(node, Map):
            rep.add(
                node.line,
                _("`{key}` deve essere un comune o un [elenco] di comuni", key=key),
                _("scrivi: {example}", example=spec.example),
            )
        return None
    found = check_list(spec, node, rep)
    if found is None:
        return None
    names = tuple(str(name) for name in found)
    if ALL_COMUNI in names and len(names) > 1:
        rep.add(
            node.line,
            _("`{key}`: {all} vuol già dire tutti e sette i comuni", key=key, all=ALL_COMUNI),
            _("scrivi: {example}", example=key + ": " + ALL_COMUNI),
        )
        return None
    return normalised(names)
