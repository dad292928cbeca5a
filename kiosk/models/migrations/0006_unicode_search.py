"""Search in any script: the indexed text rebuilt with kiosk.text.search_fold (Cyrillic, Greek,
Chinese… kept as words; accents dropped on Latin letters), and SQLite's FTS5 table rebuilt with
a tokenizer that splits that text only at its spaces, so SQLite and PostgreSQL index the same
words. On PostgreSQL the stored tsvector (0003) follows search_text by itself; no extension is
needed."""

import re
import unicodedata

import peewee as pw
from playhouse.migrate import SchemaMigrator

from kiosk.text import search_fold

# What kiosk.sync indexes besides the family words (which have no column of their own).
_COLUMNS = ("name", "summary", "description", "eligibility", "location")
# Every letter, digit and mark is part of a word; no diacritic folding: search_fold did it.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"


def _old_fold(text: str) -> str:
    """search_text as 0002 to 0005 wrote it: every mark dropped, acronyms' dots joined."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"(?<=[0-9a-z])\.(?=[0-9a-z])", "", folded)


def search_text(texts: list[str], old: str) -> str:
    """The new search text of a row: its columns, then the family words the old text held
    (words of `old` that are not in the columns; the next content sync writes them afresh)."""
    text = " ".join(texts)
    known = set(search_fold(_old_fold(text)).split())
    extra = dict.fromkeys(w for w in search_fold(old).split() if w not in known)
    return " ".join([search_fold(text), *extra]).strip()


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    sqlite = isinstance(db, pw.SqliteDatabase)
    p = "?" if sqlite else "%s"
    rows = db.execute_sql(
        f"SELECT id, search_text, {', '.join(_COLUMNS)} FROM service_text"
    ).fetchall()
    for row_id, old, *texts in rows:
        db.execute_sql(
            f"UPDATE service_text SET search_text = {p} WHERE id = {p}",
            (search_text([t or "" for t in texts], old or ""), row_id),
        )
    if sqlite:
        db.execute_sql("DROP TABLE IF EXISTS service_search")
        db.execute_sql(
            "CREATE VIRTUAL TABLE service_search USING fts5("
            f'service_id UNINDEXED, lang UNINDEXED, body, tokenize = "{FTS_TOKENIZER}")'
        )
        db.execute_sql(
            "INSERT INTO service_search (service_id, lang, body) "
            "SELECT service_id, lang, search_text FROM service_text"
        )
    else:
        db.execute_sql("ANALYZE service_text")
