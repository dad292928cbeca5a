"""Indexes for a waitlist join: every fact it reads under the list's lock is an index lookup,
however many entries the list and the audit log already hold."""

import peewee as pw
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    migrator.migrate(
        # This kiosk's joins of the last minute (its rate limit), counted in the index alone.
        migrator.add_index("audit_log", ("kiosk_id", "action", "at"), False),
        # The list's new entries of the last minute (its rate limit).
        migrator.add_index("waitlist_entry", ("waitlist_id", "created_at"), False),
        # Active entries of a list: how many (capacity, position) and how many before one.
        migrator.add_index("waitlist_entry", ("waitlist_id", "status", "seq"), False),
    )
    # The same contact already on a list, whichever way it was stored. Only entries that have
    # one: where most have none, an index of them all would look useless to the planner.
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS waitlist_entry_phone_given "
        "ON waitlist_entry (phone) WHERE phone <> ''"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS waitlist_entry_email_given "
        "ON waitlist_entry (LOWER(email)) WHERE email <> ''"
    )


def down(migrator: SchemaMigrator, db: pw.Database) -> None:
    for name in (
        "audit_log_kiosk_id_action_at",
        "waitlist_entry_waitlist_id_created_at",
        "waitlist_entry_waitlist_id_status_seq",
        "waitlist_entry_phone_given",
        "waitlist_entry_email_given",
    ):
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
