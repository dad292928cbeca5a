"""Seat offers that expire: the list's offer time and each offer's deadline (kiosk/offers.py)."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    # Existing lists get the default of the content schema (48 hours); the next content sync
    # writes what the service's file says. Existing entries hold no offer (NULL).
    migrator.migrate(
        migrator.add_column("waitlist", "offer_hours", pw.IntegerField(default=48)),
        migrator.add_column("waitlist_entry", "offer_expires_at", pw.DateTimeField(null=True)),
        # The expiry sweep runs every minute on every kiosk: it reads this index only.
        migrator.add_index("waitlist_entry", ("status", "offer_expires_at"), False),
    )
