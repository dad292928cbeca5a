"""Where the facts of services and events come from: `sources` (pages, the day read)."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    # JSON list of {url, read, about}; the next content sync fills them for existing records
    migrator.migrate(
        migrator.add_column("service", "sources", pw.TextField(default="")),
        migrator.add_column("event", "sources", pw.TextField(default="")),
    )
