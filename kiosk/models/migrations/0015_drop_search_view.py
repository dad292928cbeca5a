"""The `service_search` view of 0012 goes: it kept old writes of kiosk.sync into the search
table harmless, and nothing writes there any more (the triggers of service_text keep the
index current). PostgreSQL never had it."""

import peewee as pw
from playhouse.migrate import SchemaMigrator

_UP = (
    "DROP TRIGGER IF EXISTS service_search_insert",
    "DROP TRIGGER IF EXISTS service_search_delete",
    "DROP VIEW IF EXISTS service_search",
)
# As 0012 made them (a downgrade, and tests that replay an older migration).
_DOWN = (
    "CREATE VIEW IF NOT EXISTS service_search AS "
    "SELECT service_id, lang, search_text AS body FROM service_text",
    "CREATE TRIGGER IF NOT EXISTS service_search_insert INSTEAD OF INSERT ON service_search "
    "BEGIN SELECT 1; END",
    "CREATE TRIGGER IF NOT EXISTS service_search_delete INSTEAD OF DELETE ON service_search "
    "BEGIN SELECT 1; END",
)


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        for statement in _UP:
            db.execute_sql(statement)


def down(migrator: SchemaMigrator, db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        for statement in _DOWN:
            db.execute_sql(statement)
