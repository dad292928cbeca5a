"""Initial schema (frozen copy: never edit; add a new numbered migration instead)."""

import datetime as dt

import peewee as pw
from playhouse.migrate import SchemaMigrator


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Need(Base):
        slug = pw.CharField(max_length=64, unique=True)
        position = pw.IntegerField(default=0)
        icon = pw.CharField(max_length=16, default="")
        labels = pw.TextField(default="{}")
        retired_at = pw.DateTimeField(null=True)

    class AgeGroup(Base):
        slug = pw.CharField(max_length=64, unique=True)
        position = pw.IntegerField(default=0)
        min_age = pw.FloatField(null=True)
        max_age = pw.FloatField(null=True)
        expecting = pw.BooleanField(default=False)
        labels = pw.TextField(default="{}")
        retired_at = pw.DateTimeField(null=True)

    class Provider(Base):
        name = pw.CharField(max_length=200, unique=True)
        kind = pw.CharField(max_length=16, default="altro")

    class Service(Base):
        slug = pw.CharField(max_length=64, unique=True)
        source_path = pw.CharField(max_length=255, default="")
        provider = pw.ForeignKeyField(Provider, null=True, on_delete="SET NULL")
        min_age = pw.FloatField(null=True)
        max_age = pw.FloatField(null=True)
        languages = pw.CharField(max_length=120, default="")
        comune = pw.CharField(max_length=40, default="")
        url = pw.CharField(max_length=500, default="")
        assured_date = pw.DateField(null=True)
        assured_by = pw.CharField(max_length=200, default="")
        needs_review = pw.BooleanField(default=False)
        review_note = pw.TextField(default="")
        visible_from = pw.DateField(null=True)
        visible_until = pw.DateField(null=True)
        retired_at = pw.DateTimeField(null=True)
        content_hash = pw.CharField(max_length=64, default="")
        updated_at = pw.DateTimeField(default=_now)

    class ServiceText(Base):
        service = pw.ForeignKeyField(Service, on_delete="CASCADE")
        lang = pw.CharField(max_length=8)
        name = pw.CharField(max_length=200, default="")
        summary = pw.TextField(default="")
        description = pw.TextField(default="")
        eligibility = pw.TextField(default="")
        application_process = pw.TextField(default="")
        required_documents = pw.TextField(default="")
        fees = pw.TextField(default="")
        schedule = pw.TextField(default="")
        contacts = pw.TextField(default="")
        location = pw.TextField(default="")

        class Meta:
            indexes = ((("service", "lang"), True),)

    class ServiceNeed(Base):
        service = pw.ForeignKeyField(Service, on_delete="CASCADE")
        need = pw.ForeignKeyField(Need, on_delete="CASCADE")

        class Meta:
            indexes = ((("service", "need"), True),)

    class ServiceAgeGroup(Base):
        service = pw.ForeignKeyField(Service, on_delete="CASCADE")
        age_group = pw.ForeignKeyField(AgeGroup, on_delete="CASCADE")

        class Meta:
            indexes = ((("service", "age_group"), True),)

    class Event(Base):
        slug = pw.CharField(max_length=64, unique=True)
        source_path = pw.CharField(max_length=255, default="")
        service = pw.ForeignKeyField(Service, null=True, on_delete="SET NULL")
        starts_at = pw.DateTimeField()
        ends_at = pw.DateTimeField(null=True)
        comune = pw.CharField(max_length=40, default="")
        min_age = pw.FloatField(null=True)
        max_age = pw.FloatField(null=True)
        age_groups = pw.CharField(max_length=255, default="")
        url = pw.CharField(max_length=500, default="")
        assured_date = pw.DateField(null=True)
        assured_by = pw.CharField(max_length=200, default="")
        needs_review = pw.BooleanField(default=False)
        review_note = pw.TextField(default="")
        retired_at = pw.DateTimeField(null=True)
        content_hash = pw.CharField(max_length=64, default="")

    class EventText(Base):
        event = pw.ForeignKeyField(Event, on_delete="CASCADE")
        lang = pw.CharField(max_length=8)
        title = pw.CharField(max_length=200, default="")
        summary = pw.TextField(default="")
        description = pw.TextField(default="")
        place = pw.TextField(default="")

        class Meta:
            indexes = ((("event", "lang"), True),)

    class Office(Base):
        key = pw.CharField(max_length=32, unique=True, default="main")
        data = pw.TextField(default="{}")
        needs_review = pw.BooleanField(default=False)
        assured_date = pw.DateField(null=True)

    class Waitlist(Base):
        service = pw.ForeignKeyField(Service, null=True, unique=True, on_delete="RESTRICT")
        event = pw.ForeignKeyField(Event, null=True, unique=True, on_delete="RESTRICT")
        is_open = pw.BooleanField(default=True)
        capacity = pw.IntegerField(null=True)
        fields = pw.CharField(max_length=120, default="name,contact")
        retention_days = pw.IntegerField(default=180)
        sensitive = pw.BooleanField(default=False)
        last_seq = pw.IntegerField(default=0)
        closed_at = pw.DateTimeField(null=True)

    class WaitlistEntry(Base):
        waitlist = pw.ForeignKeyField(Waitlist, on_delete="RESTRICT")
        seq = pw.IntegerField()
        code = pw.CharField(max_length=16, unique=True)
        status = pw.CharField(max_length=16, default="waiting")
        name = pw.CharField(max_length=120, default="")
        phone = pw.CharField(max_length=32, default="")
        email = pw.CharField(max_length=254, default="")
        contact_key = pw.CharField(max_length=64, default="", index=True)
        party_size = pw.IntegerField(null=True)
        child_age = pw.IntegerField(null=True)
        note = pw.CharField(max_length=500, default="")
        extra_consent = pw.BooleanField(default=False)
        request_id = pw.CharField(max_length=64, null=True, unique=True)
        kiosk_id = pw.CharField(max_length=40, default="")
        created_at = pw.DateTimeField(default=_now)
        updated_at = pw.DateTimeField(default=_now)
        offered_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("waitlist", "seq"), True),)

    class StaffCredential(Base):
        key = pw.CharField(max_length=32, unique=True, default="staff")
        pin_hash = pw.CharField(max_length=255)
        created_at = pw.DateTimeField(default=_now)

    class LoginThrottle(Base):
        scope = pw.CharField(max_length=64, unique=True)
        failures = pw.IntegerField(default=0)
        last_failure_at = pw.DateTimeField(null=True)

    class AuditLog(Base):
        at = pw.DateTimeField(default=_now, index=True)
        actor = pw.CharField(max_length=64)
        action = pw.CharField(max_length=64)
        target = pw.CharField(max_length=128, default="")
        detail = pw.TextField(default="")
        kiosk_id = pw.CharField(max_length=40, default="")

    class UsageEvent(Base):
        day = pw.DateField(index=True)
        kiosk_id = pw.CharField(max_length=40)
        kind = pw.CharField(max_length=16)
        key = pw.CharField(max_length=64, default="")
        lang = pw.CharField(max_length=8, default="")

    class ContentSync(Base):
        at = pw.DateTimeField(default=_now)
        version = pw.CharField(max_length=64)
        summary = pw.TextField(default="")
        actor = pw.CharField(max_length=64, default="")

    db.create_tables(
        [
            Need,
            AgeGroup,
            Provider,
            Service,
            ServiceText,
            ServiceNeed,
            ServiceAgeGroup,
            Event,
            EventText,
            Office,
            Waitlist,
            WaitlistEntry,
            StaffCredential,
            LoginThrottle,
            AuditLog,
            UsageEvent,
            ContentSync,
        ]
    )
