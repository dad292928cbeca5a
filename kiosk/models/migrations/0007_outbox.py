"""Messages to families: the visitor's opt-in and language on each entry, and the outbox."""

import datetime as dt

import peewee as pw
from playhouse.migrate import SchemaMigrator


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(
        migrator.add_column(
            "waitlist_entry", "notify_channels", pw.CharField(max_length=16, default="")
        ),
        migrator.add_column("waitlist_entry", "lang", pw.CharField(max_length=8, default="it")),
    )

    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class WaitlistEntry(Base):  # frozen stub: only the key the outbox refers to
        class Meta:
            table_name = "waitlist_entry"

    class OutboxMessage(Base):
        entry = pw.ForeignKeyField(WaitlistEntry, on_delete="CASCADE")
        kind = pw.CharField(max_length=16)
        channel = pw.CharField(max_length=8)
        lang = pw.CharField(max_length=8, default="it")
        key = pw.CharField(max_length=64, unique=True)
        params = pw.TextField(default="{}")
        state = pw.CharField(max_length=8, default="queued", index=True)
        tries = pw.IntegerField(default=0)
        next_try_at = pw.DateTimeField(default=_now, index=True)
        lease_until = pw.DateTimeField(null=True)
        claimed_by = pw.CharField(max_length=64, default="")
        last_error = pw.CharField(max_length=200, default="")
        created_at = pw.DateTimeField(default=_now)
        updated_at = pw.DateTimeField(default=_now)
        sent_at = pw.DateTimeField(null=True)

    db.create_tables([OutboxMessage])
