"""Where a service's facts come from: its `sources` (public pages and the day they were read)."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    # JSON list of {url, read, about}; the next content sync fills it for existing services
    migrator.migrate(migrator.add_column("service", "sources", pw.TextField(default="")))
