"""Load and strictly check a content directory into a ContentBundle, collecting every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

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
from kiosk.contentfiles.problems import Problem, Reporter
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


def load_content(content_dir: Path) -> ContentBundle:
    """Read every content file under `content_dir`; never raises for bad content."""
    return _Loader(Path(content_dir)).load()


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


@dataclass
class _Loader(ContentFiles):
    # file -> slug -> line, only for files that could be read (else references go unchecked)
    declared: dict[str, dict[str, int]] = field(default_factory=dict)
    checked_keys: set[tuple[bytes, str, str]] = field(default_factory=set)
    # file -> languages its top-level `translation_review` lists (needs.yaml, age_groups.yaml)
    file_reviews: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def load(self) -> ContentBundle:
        if not self.root.is_dir():
            self.problems.append(
                Problem(
                    str(self.root),
                    1,
                    "the content folder does not exist or is not a folder",
                    "check KIOSK_CONTENT_DIR",
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
        for draft in events.values():
            self.check_refs(draft, "age_groups", group_slugs, "age_groups.yaml")
            if draft.values.text("service"):
                self.check_refs(draft, "service", dict.fromkeys(services, 0), "services/")
        digest = hashlib.sha256()
        for rel, data in sorted(self.read_files.items()):
            digest.update(rel.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
            digest.update(data)
        return ContentBundle(
            needs=tuple(needs),
            age_groups=tuple(age_groups),
            services=tuple(self.item(ServiceItem, d) for d in services.values() if d.ok),
            events=tuple(self.item(EventItem, d) for d in events.values() if d.ok),
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
                node.line, f"the list must be under `{top_key}:`", f"add a first line: {top_key}:"
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
                            f"`{top_key}` must be a list of entries starting with -",
                            f"see {table.fields[0].example}",
                        )
                else:
                    rep.add(
                        entry.key_line,
                        f"unknown field `{key}` at the top of {rel}",
                        did_you_mean(key, [top_key, *LIST_FILE_TABLE.names])
                        or f"only `{top_key}:` and `translation_review:` are allowed here",
                    )
            if top_key not in node.entries:
                rep.add(node.line, f"missing `{top_key}:` list", f"start the file with: {top_key}:")
        elif node is not None and not isinstance(node, Refused):
            rep.add(
                node.line,
                f"{rel} must contain a `{top_key}:` list",
                f"start the file with: {top_key}:",
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
                        f"duplicate slug `{slug}` (already at line {declared[slug]})",
                        "give each entry its own slug",
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
                    "a group is either `expecting: true` or an age range, not both",
                    "remove min_age and max_age, or remove expecting",
                )
                ok = False
            elif not expecting and not self.check_age_range(values, rep, required=True):
                ok = False
            if ok and values.ok:
                review = self.file_reviews.get("age_groups.yaml", ())
                groups.append(
                    build(AgeGroupItem, values, position=position, translation_review=review)
                )
        return groups

    def check_age_range(self, values: Values, rep: Reporter, required: bool) -> bool:
        """min_age and max_age come together and in order; True when fine."""
        has_min, has_max = values.seen("min_age"), values.seen("max_age")
        if not has_min and not has_max:
            if required:
                rep.add(
                    values.line,
                    "an age group needs `min_age` and `max_age` (or `expecting: true`)",
                    "add: min_age: 0 and max_age: 2.99",
                )
                return False
            return True
        if has_min != has_max:
            present, absent = ("min_age", "max_age") if has_min else ("max_age", "min_age")
            example = "max_age: 99" if absent == "max_age" else "min_age: 0"
            rep.add(values.line_of(present), f"`{present}` needs `{absent}` too", f"add: {example}")
            return False
        low, high = values.number("min_age"), values.number("max_age")
        if low is not None and high is not None and high < low:
            rep.add(
                values.line_of("max_age"),
                f"max_age ({high:g}) is smaller than min_age ({low:g})",
                "swap the two numbers",
            )
            return False
        return True

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
        for rel, slug, lang in entries:
            if lang != "it":
                continue
            before = self.count(rel)
            loaded = self.read_front_matter(rel, table)
            if loaded is None:
                drafts[slug] = _Draft(slug, rel, Values(1), "", ok=False)
                continue
            values, body, body_line = loaded
            rep = self.reporter(rel)
            self.check_slug(values, slug, rep)
            self.check_common(folder, values, body, body_line, rep)
            draft = _Draft(slug, rel, values, body.strip(), ok=False)
            draft.texts["it"] = self.texts(values, draft.body, texts_kind, complete=True)
            draft.ok = values.ok and self.count(rel) == before
            drafts[slug] = draft
        for rel, slug, lang in entries:
            if lang == "it":
                continue
            rep = self.reporter(rel)
            italian = f"{folder}/{slug}.md"
            before = self.count(rel)
            loaded = self.read_front_matter(rel, translation_table, italian_file=italian)
            if slug not in drafts:
                rep.add(
                    1, f"translation without the Italian file {italian}", f"create {italian} first"
                )
            if loaded is None:
                continue
            values, body, _ = loaded
            if values.text("slug") and values.text("slug") != slug:
                rep.add(
                    values.line_of("slug"),
                    f"slug `{values.text('slug')}` does not match the file name",
                    f"write: slug: {slug} (or remove the slug line)",
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
                f"slug `{slug}` does not match the file name {stem}.md",
                f"write: slug: {stem} (or rename the file to {slug}.md)",
            )
            values.failed.add("slug")

    def check_common(
        self, folder: str, values: Values, body: str, body_line: int, rep: Reporter
    ) -> None:
        """Rules across fields of one service/event file."""
        self.check_age_range(values, rep, required=False)
        if folder == "services":
            if not body.strip():
                rep.add(
                    max(body_line - 1, 1),
                    "the description is missing: there is no text after the closing ---",
                    "write a few lines about the service below the second ---",
                )
            start, end = values.date("visible_from"), values.date("visible_until")
            if start and end and end < start:
                rep.add(
                    values.line_of("visible_until"),
                    "visible_until is before visible_from",
                    "swap the two dates",
                )
        else:
            start_at, end_at = values.datetime("starts_at"), values.datetime("ends_at")
            if start_at and end_at and end_at <= start_at:
                rep.add(
                    values.line_of("ends_at"),
                    "ends_at must be after starts_at",
                    "check the date and the time",
                )
        waitlist = values.sub("waitlist")
        if (
            waitlist is not None
            and waitlist.flag("sensitive")
            and "name" in waitlist.strings("fields")
        ):
            rep.add(
                waitlist.line_of("fields"),
                "a sensitive waitlist is code-only and never asks the name",
                "remove name from fields",
            )
            values.failed.add("waitlist")

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
            kind = {"needs": "need", "age_groups": "age group", "service": "service"}[key]
            listed = ", ".join(sorted(known)) or "none"
            rep.add(
                values.line_of(key),
                f"unknown {kind} `{slug}` (not in {where})",
                suggestion or f"use one of: {listed}",
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
