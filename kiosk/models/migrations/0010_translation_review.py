"""Translations awaiting a native speaker's review: a mark on each service and event text."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    # true when the translation file says `translation_review: true`; the next content sync
    # fills it for existing texts
    migrator.migrate(
        migrator.add_column("service_text", "translation_review", pw.BooleanField(default=False)),
        migrator.add_column("event_text", "translation_review", pw.BooleanField(default=False)),
    )
