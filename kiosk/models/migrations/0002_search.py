"""Free-text search: accent-free search text per service text, FTS5 on SQLite, GIN on PostgreSQL."""

import unicodedata

import peewee as pw
from playhouse.migrate import SchemaMigrator


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(migrator.add_column("service_text", "search_text", pw.TextField(default="")))
    # Fill the new column for rows written by an older kiosk.
    rows = db.execute_sql(
        "SELECT id, name, summary, description, eligibility FROM service_text"
    ).fetchall()
    for row_id, *texts in rows:
        db.execute_sql(
            "UPDATE service_text SET search_text = %s WHERE id = %s"
            if not isinstance(db, pw.SqliteDatabase)
            else "UPDATE service_text SET search_text = ? WHERE id = ?",
            (_fold(" ".join(t or "" for t in texts)), row_id),
        )
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS service_search USING fts5("
            "service_id UNINDEXED, lang UNINDEXED, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.execute_sql(
            "INSERT INTO service_search (service_id, lang, body) "
            "SELECT service_id, lang, search_text FROM service_text"
        )
    else:
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS service_text_search_idx ON service_text "
            "USING gin (to_tsvector('simple', search_text))"
        )
