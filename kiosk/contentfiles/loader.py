"""Load and strictly check a content directory into a ContentBundle, collecting every problem."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kiosk.cli_text import _
from kiosk.contentfiles.ages import age_warnings
from kiosk.contentfiles.bundle import ContentBundle
from kiosk.contentfiles.check import check_mapping, check_value
from kiosk.contentfiles.fields import (
    Kind,
    Table,
    declared,
    table_of,
    translatable,
    translation_table_of,
)
from kiosk.contentfiles.files import ContentFiles
from kiosk.contentfiles.front_matter import CHECKED_FILES
from kiosk.contentfiles.known import Known
from kiosk.contentfiles.problems import Problem, Reporter
from kiosk.contentfiles.rules import check_age_range, check_common
from kiosk.contentfiles.schema import (
    LIST_FILE_TABLE,
    AgeGroupItem,
    EventItem,
    NeedItem,
    OfficeItem,
    ServiceItem,
)
from kiosk.contentfiles.strict_yaml import Map, Node, Refused, Seq
from kiosk.contentfiles.suggest import did_you_mean
from kiosk.contentfiles.values import Values, build

T = TypeVar("T")


def load_content(content_dir: Path, known: Mapping[str, Known] | None = None) -> ContentBundle:
    """Read every content file under `content_dir`; never raises for bad content.

    `known` ('service:slug' or 'event:slug' -> what the last publish knew of it) lets a
    service or event whose files all kept their content hash go unparsed: the bundle lists it
    in `kept`, not among its items.
    """
    return _Loader(Path(content_dir), known=known or {}).load()


@dataclass
class _Draft:
    """One checked Italian service/event file, kept until cross-file checks are done."""

    slug: str
    rel: str
    values: Values
    body: str
    ok: bool
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    translation_review: list[str] = field(default_factory=list)  # languages awaiting review
    files: list[str] = field(default_factory=list)  # the Italian file and its translations
    kept: Known | None = None  # unchanged since the last publish: not parsed


@dataclass
class _Loader(ContentFiles):
    # file -> slug -> line, only for files that could be read (else references go unchecked)
    declared: dict[str, dict[str, int]] = field(default_factory=dict)
    checked_keys: set[tuple[bytes, str, str]] = field(default_factory=set)
    # file -> languages its top-level `translation_review` lists (needs.yaml, age_groups.yaml)
    file_reviews: dict[str, tuple[str, ...]] = field(default_factory=dict)
    known: Mapping[str, Known] = field(default_factory=dict)  # see load_content

    def load(self) -> ContentBundle:
        if not self.root.is_dir():
            self.problems.append(
                Problem(
                    str(self.root),
                    1,
                    _("la cartella dei contenuti non esiste o non è una cartella"),
                    _("controlla KIOSK_CONTENT_DIR"),
                )
            )
            return ContentBundle(problems=tuple(self.problems))
        self.scan_top_level()
        needs = self.load_needs()
        age_groups = self.load_age_groups()
        office = self.load_office()
        need_slugs = self.declared.get("needs.yaml")
        group_slugs = self.declared.get("age_groups.yaml")
        services = self.load_items("services", ServiceItem)
        events = self.load_items("events", EventItem)
        CHECKED_FILES.keep_only(self.checked_keys)
        warnings = []
        for draft in services.values():
            self.check_refs(draft, "needs", need_slugs, "needs.yaml")
            self.check_refs(draft, "age_groups", group_slugs, "age_groups.yaml")
            warnings += age_warnings(self.path_of(draft.rel), draft.values, age_groups)
        service_slugs = dict.fromkeys(services, 0)
        for draft in events.values():
            self.check_refs(draft, "age_groups", group_slugs, "age_groups.yaml")
            if draft.values.text("service"):
                self.check_refs(draft, "service", service_slugs, "services/")
        known: dict[str, Known] = {}  # what the next sync needs to know of every item
        kept: dict[str, Known] = {}
        for kind, drafts in (("service", services), ("event", events)):
            for draft in drafts.values():
                label = f"{kind}:{draft.slug}"
                if draft.kept and draft.ok:
                    known[label] = kept[label] = draft.kept
                elif draft.ok:  # "" for a translation that could not be read (reported)
                    files = {rel: self.hashes.get(rel, "") for rel in draft.files}
                    known[label] = Known.of(files, draft.values)
        digest = hashlib.sha256()
        for rel, data in sorted(self.read_files.items()):
            digest.update(rel.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
            digest.update(data)
        return ContentBundle(
            needs=tuple(needs),
            age_groups=tuple(age_groups),
            services=tuple(
                self.item(ServiceItem, d) for d in services.values() if d.ok and not d.kept
            ),
            events=tuple(self.item(EventItem, d) for d in events.values() if d.ok and not d.kept),
            kept=kept,
            known=known,
            office=office,
            problems=tuple(sorted(dict.fromkeys(self.problems), key=lambda p: (p.path, p.line))),
            warnings=tuple(warnings),
            version=digest.hexdigest()[:12],
        )

    def load_list(self, rel: str, top_key: str, table: Table) -> list[tuple[int, Values, bool]]:
        """Check every entry of a `top_key:` list; (position, values, entry without problems)."""
        if not self.exists(rel):
            return []
        node = self.load_yaml_file(rel)
        if node is None:
            return []
        rep = self.reporter(rel)
        items: tuple[Node, ...] = ()
        if isinstance(node, Seq):
            rep.add(
                node.line,
                _("l'elenco deve stare sotto `{key}:`", key=top_key),
                _("aggiungi come prima riga: {key}:", key=top_key),
            )
            items = node.items
        elif isinstance(node, Map):
            for key, entry in node.entries.items():
                file_field = LIST_FILE_TABLE.get(key)
                if file_field is not None:
                    if not isinstance(entry.value, Refused):
                        langs = check_value(file_field, entry.value, rep)
                        if isinstance(langs, tuple):
                            self.file_reviews[rel] = tuple(str(lang) for lang in langs)
                elif key == top_key:
                    if isinstance(entry.value, Seq):
                        items = entry.value.items
                    elif not isinstance(entry.value, Refused):
                        rep.add(
                            entry.key_line,
                            _(
                                "`{key}` deve essere un elenco di voci che cominciano con -",
                                key=top_key,
                            ),
                            _("guarda {example}", example=table.fields[0].example),
                        )
                else:
                    rep.add(
                        entry.key_line,
                        _("campo sconosciuto `{name}` all'inizio di {file}", name=key, file=rel),
                        did_you_mean(key, [top_key, *LIST_FILE_TABLE.names])
                        or _("qui sono ammessi solo `{key}:` e `translation_review:`", key=top_key),
                    )
            if top_key not in node.entries:
                rep.add(
                    node.line,
                    _("manca l'elenco `{key}:`", key=top_key),
                    _("comincia il file con: {key}:", key=top_key),
                )
        elif node is not None and not isinstance(node, Refused):
            rep.add(
                node.line,
                _("{file} deve contenere un elenco `{key}:`", file=rel, key=top_key),
                _("comincia il file con: {key}:", key=top_key),
            )
        declared: dict[str, int] = {}
        self.declared[rel] = declared
        result: list[tuple[int, Values, bool]] = []
        for position, item in enumerate(items):
            before = self.count(rel)
            values = check_mapping(item, table, rep, line=getattr(item, "line", 1))
            slug = values.text("slug")
            if slug:
                if slug in declared:
                    rep.add(
                        values.line_of("slug"),
                        _(
                            "slug `{slug}` ripetuto (c'è già alla riga {first})",
                            slug=slug,
                            first=declared[slug],
                        ),
                        _("dai a ogni voce il suo slug"),
                    )
                else:
                    declared[slug] = values.line_of("slug")
            result.append((position, values, self.count(rel) == before))
        return result

    def load_needs(self) -> list[NeedItem]:
        needs = []
        for position, values, ok in self.load_list("needs.yaml", "needs", table_of(NeedItem)):
            if ok and values.ok:
                review = self.file_reviews.get("needs.yaml", ())
                needs.append(build(NeedItem, values, position=position, translation_review=review))
        return needs

    def load_age_groups(self) -> list[AgeGroupItem]:
        groups = []
        rep = self.reporter("age_groups.yaml")
        for position, values, ok in self.load_list(
            "age_groups.yaml", "age_groups", table_of(AgeGroupItem)
        ):
            expecting = values.flag("expecting")
            has_ages = values.seen("min_age") or values.seen("max_age")
            if expecting and has_ages:
                rep.add(
                    values.line_of("expecting"),
                    _("una fascia è `expecting: true` oppure un intervallo di età, non entrambi"),
                    _("togli min_age e max_age, oppure togli expecting"),
                )
                ok = False
            elif not expecting and not check_age_range(values, rep, required=True):
                ok = False
            if ok and values.ok:
                review = self.file_reviews.get("age_groups.yaml", ())
                groups.append(
                    build(AgeGroupItem, values, position=position, translation_review=review)
                )
        return groups

    def load_office(self) -> OfficeItem | None:
        rel = "office.yaml"
        if not self.exists(rel):
            return None
        node = self.load_yaml_file(rel)
        if node is None:
            return None
        before = self.count(rel)
        values = check_mapping(node, table_of(OfficeItem), self.reporter(rel))
        if not values.ok or self.count(rel) != before:
            return None
        return build(OfficeItem, values)

    # -- services and events -----------------------------------------------------------------

    def read_front_matter(
        self, rel: str, table: Table, italian_file: str = ""
    ) -> tuple[Values, str, int] | None:
        text = self.read(rel)
        if text is None:
            return None
        data = self.read_files[rel]
        checked = CHECKED_FILES.check(
            data, text, table, italian_file, self.reporter(rel), self.checked_keys
        )
        if checked is None:
            return None
        self.check_links(rel, checked.body, checked.body_line)
        if checked.values is None:
            return None
        return checked.values, checked.body, checked.body_line

    def load_items(self, folder: str, kind: type) -> dict[str, _Draft]:
        """Check the Italian files of `folder`, then their translations (texts of `kind`)."""
        table, translation_table = table_of(kind), translation_table_of(kind)
        texts_kind = translatable(kind)
        assert texts_kind is not None
        drafts: dict[str, _Draft] = {}
        entries = self.list_dir(folder)
        files: dict[str, list[str]] = {}  # slug -> its files (Italian and translations)
        for rel, slug, _lang in entries:
            files.setdefault(slug, []).append(rel)
        for rel, slug, lang in entries:
            if lang != "it":
                continue
            known = self.known.get(f"{folder[:-1]}:{slug}")  # 'services' -> 'service:<slug>'
            if known is not None and self.unchanged(known, files[slug]):
                drafts[slug] = _Draft(slug, rel, known.values(), "", True, kept=known)
                continue
            before = self.count(rel)
            loaded = self.read_front_matter(rel, table)
            if loaded is None:
                drafts[slug] = _Draft(slug, rel, Values(1), "", ok=False)
                continue
            values, body, body_line = loaded
            rep = self.reporter(rel)
            self.check_slug(values, slug, rep)
            check_common(folder, values, body, body_line, rep)
            draft = _Draft(slug, rel, values, body.strip(), ok=False, files=files[slug])
            draft.texts["it"] = self.texts(values, draft.body, texts_kind, complete=True)
            draft.ok = values.ok and self.count(rel) == before
            drafts[slug] = draft
        for rel, slug, lang in entries:
            if lang == "it" or (slug in drafts and drafts[slug].kept):
                continue
            rep = self.reporter(rel)
            italian = f"{folder}/{slug}.md"
            before = self.count(rel)
            loaded = self.read_front_matter(rel, translation_table, italian_file=italian)
            if slug not in drafts:
                rep.add(
                    1,
                    _("traduzione senza il file italiano {file}", file=italian),
                    _("crea prima {file}", file=italian),
                )
            if loaded is None:
                continue
            values, body, _body_line = loaded
            if values.text("slug") and values.text("slug") != slug:
                rep.add(
                    values.line_of("slug"),
                    _(
                        "lo slug `{slug}` non corrisponde al nome del file",
                        slug=values.text("slug"),
                    ),
                    _("scrivi: slug: {slug} (o togli la riga dello slug)", slug=slug),
                )
            if slug in drafts and self.count(rel) == before:
                texts = self.texts(values, body.strip(), texts_kind, complete=False)
                if texts:
                    drafts[slug].texts[lang] = texts
                    if values.flag("translation_review"):
                        drafts[slug].translation_review.append(lang)
        return drafts

    def check_slug(self, values: Values, stem: str, rep: Reporter) -> None:
        slug = values.text("slug")
        if slug and slug != stem:
            rep.add(
                values.line_of("slug"),
                _(
                    "lo slug `{slug}` non corrisponde al nome del file {file}",
                    slug=slug,
                    file=stem + ".md",
                ),
                _(
                    "scrivi: slug: {stem} (o rinomina il file {file})",
                    stem=stem,
                    file=slug + ".md",
                ),
            )
            values.failed.add("slug")

    def check_refs(self, draft: _Draft, key: str, known: dict[str, int] | None, where: str) -> None:
        if known is None:
            return  # the list itself could not be read; its problem is already reported
        values = draft.values
        wanted = (values.text(key),) if key == "service" else values.strings(key)
        rep = self.reporter(draft.rel)
        for slug in wanted:
            if slug in known:
                continue
            suggestion = did_you_mean(slug, list(known))
            kind = {
                "needs": _("bisogno"),
                "age_groups": _("fascia d'età"),
                "service": _("servizio"),
            }[key]
            listed = ", ".join(sorted(known)) or _("nessuno")
            rep.add(
                values.line_of(key),
                _("`{slug}` non è in {where} ({kind})", kind=kind, slug=slug, where=where),
                suggestion or _("usa uno di: {choices}", choices=listed),
            )
            draft.ok = False

    @staticmethod
    def texts(values: Values, body: str, texts_kind: type, complete: bool) -> dict[str, str]:
        """The texts `texts_kind` declares, as stored: a list one item per line, the body as is.

        `complete` keeps empty texts (the Italian file); a translation keeps only what it has.
        """
        result: dict[str, str] = {}
        for name, spec in declared(texts_kind):
            if spec.body:
                value = body
            elif spec.kind is Kind.TEXTS:
                value = "\n".join(values.strings(name))
            else:
                value = values.text(name)
            if complete or value:
                result[name] = value
        return result

    @staticmethod
    def item(kind: type[T], draft: _Draft) -> T:
        """The item of declaration `kind` for a checked file."""
        return build(
            kind,
            draft.values,
            slug=draft.slug,
            source_path=draft.rel,
            texts=draft.texts,
            translation_review=tuple(sorted(draft.translation_review)),
        )
