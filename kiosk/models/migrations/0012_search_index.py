"""Search at the scale of a region's directory: an index that follows service_text by itself.

SQLite: the FTS5 table `service_text_search` indexes service_text's language (a word the
search matches on, instead of reading a stored column for every match) and its search_text,
with prefix indexes for the first two and three letters; its rowid is the text's id, and a
covering index maps that id to the service without reading the whole text row. Triggers on
service_text keep it current (the external-content pattern of the FTS5 manual). The old
table `service_search` becomes a view of the texts: what wrote into it (kiosk.sync) still
runs, and changes nothing (the triggers did the work; 0015 drops the view).

PostgreSQL: a narrow table `service_text_search` (id, service, language, tsvector, and the
length normalisation ts_rank would compute on every match) with a GIN index, filled by a
trigger on service_text; ranking a common word reads this table, not the whole text rows.
The tsvector is built from search_text, which kiosk.sync writes already folded (accents
off, normalised by kiosk.text.search_fold): no `unaccent` extension is needed.

A later migration that rebuilds service_text on SQLite (copy, drop, rename) must create the
triggers again.
"""

import peewee as pw
from playhouse.migrate import SchemaMigrator

# As 0006: every letter, digit and mark is part of a word; search_fold did the folding.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"

_SQLITE = (
    "DROP TABLE IF EXISTS service_search",
    "CREATE VIRTUAL TABLE service_text_search USING fts5(lang, search_text, "
    "content = 'service_text', content_rowid = 'id', prefix = '2 3', "
    f'tokenize = "{FTS_TOKENIZER}")',
    "INSERT INTO service_text_search (service_text_search) VALUES ('rebuild')",
    "CREATE TRIGGER service_text_search_insert AFTER INSERT ON service_text BEGIN "
    "INSERT INTO service_text_search (rowid, lang, search_text) "
    "VALUES (new.id, new.lang, new.search_text); END",
    "CREATE TRIGGER service_text_search_delete AFTER DELETE ON service_text BEGIN "
    "INSERT INTO service_text_search (service_text_search, rowid, lang, search_text) "
    "VALUES ('delete', old.id, old.lang, old.search_text); END",
    "CREATE TRIGGER service_text_search_update AFTER UPDATE OF lang, search_text "
    "ON service_text BEGIN "
    "INSERT INTO service_text_search (service_text_search, rowid, lang, search_text) "
    "VALUES ('delete', old.id, old.lang, old.search_text); "
    "INSERT INTO service_text_search (rowid, lang, search_text) "
    "VALUES (new.id, new.lang, new.search_text); END",
    # id -> service without reading the text row (the search names it: INDEXED BY).
    "CREATE INDEX service_text_id_service ON service_text (id, service_id, lang)",
    # What kiosk.sync wrote the index into until now: its writes are kept harmless.
    "CREATE VIEW service_search AS SELECT service_id, lang, search_text AS body FROM service_text",
    "CREATE TRIGGER service_search_insert INSTEAD OF INSERT ON service_search BEGIN SELECT 1; END",
    "CREATE TRIGGER service_search_delete INSTEAD OF DELETE ON service_search BEGIN SELECT 1; END",
)

# log2(1 + words): ts_rank's normalisation 1 ("divided by 1 + the logarithm of the length"),
# computed once per text instead of on every match of every search.
_PG_LENGTH_NORM = (
    "greatest(1.0, log(2.0, 1.0 + coalesce(array_length(string_to_array({text}, ' '), 1), 0)))"
)

_POSTGRES = (
    # The generated column of 0003 (and its index) give way to the table below.
    "ALTER TABLE service_text DROP COLUMN IF EXISTS search_vector",
    "CREATE TABLE service_text_search ("
    "id integer PRIMARY KEY REFERENCES service_text (id) ON DELETE CASCADE, "
    "service_id integer NOT NULL, lang varchar(8) NOT NULL, "
    "search_vector tsvector NOT NULL, length_norm real NOT NULL)",
    "CREATE OR REPLACE FUNCTION service_text_search_follow() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO service_text_search (id, service_id, lang, search_vector, length_norm) "
    "VALUES (NEW.id, NEW.service_id, NEW.lang, to_tsvector('simple', NEW.search_text), "
    f"{_PG_LENGTH_NORM.format(text='NEW.search_text')}) "
    "ON CONFLICT (id) DO UPDATE SET service_id = EXCLUDED.service_id, "
    "lang = EXCLUDED.lang, search_vector = EXCLUDED.search_vector, "
    "length_norm = EXCLUDED.length_norm; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER service_text_search_follow "
    "AFTER INSERT OR UPDATE OF service_id, lang, search_text ON service_text "
    "FOR EACH ROW EXECUTE PROCEDURE service_text_search_follow()",
    "INSERT INTO service_text_search (id, service_id, lang, search_vector, length_norm) "
    "SELECT id, service_id, lang, to_tsvector('simple', search_text), "
    f"{_PG_LENGTH_NORM.format(text='search_text')} FROM service_text",
    # Built after the rows are in, in one pass. A small pending list: what a sync adds
    # reaches the index proper soon (a search reads the pending list row by row), at about
    # the same cost for the sync as the default 4 MB list, a third of fastupdate = off's.
    "CREATE INDEX service_text_search_vector_idx ON service_text_search "
    "USING gin (search_vector) WITH (gin_pending_list_limit = 256)",
    "ANALYZE service_text_search",
)


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    for statement in _SQLITE if isinstance(db, pw.SqliteDatabase) else _POSTGRES:
        db.execute_sql(statement)


# Back to the schema of 0011 (a downgrade, and tests that replay an older migration).
_SQLITE_DOWN = (
    "DROP VIEW IF EXISTS service_search",
    "DROP TRIGGER IF EXISTS service_text_search_insert",
    "DROP TRIGGER IF EXISTS service_text_search_delete",
    "DROP TRIGGER IF EXISTS service_text_search_update",
    "DROP INDEX IF EXISTS service_text_id_service",
    "DROP TABLE IF EXISTS service_text_search",
    "CREATE VIRTUAL TABLE service_search USING fts5("
    f'service_id UNINDEXED, lang UNINDEXED, body, tokenize = "{FTS_TOKENIZER}")',
    "INSERT INTO service_search (service_id, lang, body) "
    "SELECT service_id, lang, search_text FROM service_text",
)
_POSTGRES_DOWN = (
    "DROP TRIGGER IF EXISTS service_text_search_follow ON service_text",
    "DROP FUNCTION IF EXISTS service_text_search_follow()",
    "DROP TABLE IF EXISTS service_text_search",
    "ALTER TABLE service_text ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS service_text_search_vector_idx ON service_text "
    "USING gin (search_vector)",
)


def down(migrator: SchemaMigrator, db: pw.Database) -> None:
    for statement in _SQLITE_DOWN if isinstance(db, pw.SqliteDatabase) else _POSTGRES_DOWN:
        db.execute_sql(statement)
