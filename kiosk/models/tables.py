"""Peewee models: the current schema (migrations in `migrations/` build it step by step)."""

from __future__ import annotations

import peewee as pw

from kiosk.clock import utcnow
from kiosk.models.db import database
from kiosk.statuses import EntryStatus


class BaseModel(pw.Model):
    id = pw.AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class Need(BaseModel):
    slug = pw.CharField(max_length=64, unique=True)
    position = pw.IntegerField(default=0)
    icon = pw.CharField(max_length=16, default="")
    # JSON {"name": {lang: text}, "description": {lang: text}}, and "translation_review": [lang]
    # when needs.yaml lists languages awaiting a native speaker's review
    labels = pw.TextField(default="{}")
    retired_at = pw.DateTimeField(null=True)


class AgeGroup(BaseModel):
    slug = pw.CharField(max_length=64, unique=True)
    position = pw.IntegerField(default=0)
    min_age = pw.FloatField(null=True)
    max_age = pw.FloatField(null=True)
    expecting = pw.BooleanField(default=False)
    labels = pw.TextField(default="{}")
    retired_at = pw.DateTimeField(null=True)


class Provider(BaseModel):
    name = pw.CharField(max_length=200, unique=True)
    kind = pw.CharField(max_length=16, default="altro")  # comune | ets | asl | altro


class Service(BaseModel):
    provider_id: int | None
    slug = pw.CharField(max_length=64, unique=True)
    source_path = pw.CharField(max_length=255, default="")
    provider = pw.ForeignKeyField(Provider, null=True, on_delete="SET NULL")
    min_age = pw.FloatField(null=True)
    max_age = pw.FloatField(null=True)
    languages = pw.CharField(max_length=120, default="")  # comma separated codes
    # where it is offered, for display: 'Lucca,Capannori' or 'tutti' (filters use ServiceComune)
    comune = pw.CharField(max_length=200, default="")
    url = pw.CharField(max_length=500, default="")
    assured_date = pw.DateField(null=True)
    assured_by = pw.CharField(max_length=200, default="")
    needs_review = pw.BooleanField(default=False)
    review_note = pw.TextField(default="")
    sources = pw.TextField(default="")  # JSON list of {url, read, about}: where the facts come from
    visible_from = pw.DateField(null=True)
    visible_until = pw.DateField(null=True)
    retired_at = pw.DateTimeField(null=True)
    content_hash = pw.CharField(max_length=64, default="")
    updated_at = pw.DateTimeField(default=utcnow)


class ServiceText(BaseModel):
    service_id: int
    service = pw.ForeignKeyField(Service, backref="texts", on_delete="CASCADE")
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
    search_text = pw.TextField(default="")  # kiosk.text.search_fold: what free-text search reads
    translation_review = pw.BooleanField(default=False)  # awaits a native speaker's review

    class Meta:
        indexes = ((("service", "lang"), True),)


class ServiceNeed(BaseModel):
    service_id: int
    need_id: int
    service = pw.ForeignKeyField(Service, on_delete="CASCADE")
    need = pw.ForeignKeyField(Need, on_delete="CASCADE")

    class Meta:
        indexes = ((("service", "need"), True),)


class ServiceAgeGroup(BaseModel):
    service_id: int
    age_group_id: int
    service = pw.ForeignKeyField(Service, on_delete="CASCADE")
    age_group = pw.ForeignKeyField(AgeGroup, on_delete="CASCADE")

    class Meta:
        indexes = ((("service", "age_group"), True),)


class ServiceComune(BaseModel):
    """One comune a service is offered in, or 'tutti' (the whole Piana): what filters read."""

    service_id: int
    service = pw.ForeignKeyField(Service, on_delete="CASCADE")
    comune = pw.CharField(max_length=20, index=True)

    class Meta:
        indexes = ((("service", "comune"), True),)


class Event(BaseModel):
    service_id: int | None
    slug = pw.CharField(max_length=64, unique=True)
    source_path = pw.CharField(max_length=255, default="")
    service = pw.ForeignKeyField(Service, null=True, on_delete="SET NULL")
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField(null=True)
    comune = pw.CharField(max_length=40, default="")
    min_age = pw.FloatField(null=True)
    max_age = pw.FloatField(null=True)
    age_groups = pw.CharField(max_length=255, default="")  # comma separated slugs
    url = pw.CharField(max_length=500, default="")
    assured_date = pw.DateField(null=True)
    assured_by = pw.CharField(max_length=200, default="")
    needs_review = pw.BooleanField(default=False)
    review_note = pw.TextField(default="")
    sources = pw.TextField(default="")  # JSON list of {url, read, about}: where the facts come from
    retired_at = pw.DateTimeField(null=True)
    content_hash = pw.CharField(max_length=64, default="")


class EventText(BaseModel):
    event_id: int
    event = pw.ForeignKeyField(Event, backref="texts", on_delete="CASCADE")
    lang = pw.CharField(max_length=8)
    title = pw.CharField(max_length=200, default="")
    summary = pw.TextField(default="")
    description = pw.TextField(default="")
    place = pw.TextField(default="")
    translation_review = pw.BooleanField(default=False)  # awaits a native speaker's review

    class Meta:
        indexes = ((("event", "lang"), True),)


class Office(BaseModel):
    """The front office (sportello); one row, key 'main'."""

    key = pw.CharField(max_length=32, unique=True, default="main")
    data = pw.TextField(default="{}")  # JSON of the validated office.yaml
    needs_review = pw.BooleanField(default=False)
    assured_date = pw.DateField(null=True)


class Waitlist(BaseModel):
    """One list per service or event; its row is the lock that serialises joins."""

    service_id: int | None
    event_id: int | None

    service = pw.ForeignKeyField(Service, null=True, unique=True, on_delete="RESTRICT")
    event = pw.ForeignKeyField(Event, null=True, unique=True, on_delete="RESTRICT")
    is_open = pw.BooleanField(default=True)
    capacity = pw.IntegerField(null=True)
    fields = pw.CharField(max_length=120, default="name,contact")
    retention_days = pw.IntegerField(default=180)
    sensitive = pw.BooleanField(default=False)
    last_seq = pw.IntegerField(default=0)
    offer_hours = pw.IntegerField(default=48)  # how long a seat offer waits for an answer
    closed_at = pw.DateTimeField(null=True)


class WaitlistEntry(BaseModel):
    waitlist_id: int
    waitlist = pw.ForeignKeyField(Waitlist, backref="entries", on_delete="RESTRICT")
    seq = pw.IntegerField()  # join order within the list, gapless
    code = pw.CharField(max_length=16, unique=True)
    status = pw.CharField(max_length=16, default=EntryStatus.WAITING.value)
    # waiting | called | contacted | offered | enrolled | declined | offer_expired | no_show
    # | removed | cancelled (kiosk/statuses.py)
    name = pw.CharField(max_length=120, default="")
    phone = pw.CharField(max_length=32, default="")
    email = pw.CharField(max_length=254, default="")
    contact_key = pw.CharField(max_length=64, default="", index=True)  # hash for duplicates
    party_size = pw.IntegerField(null=True)
    child_age = pw.IntegerField(null=True)
    note = pw.CharField(max_length=500, default="")
    extra_consent = pw.BooleanField(default=False)
    request_id = pw.CharField(max_length=64, null=True, unique=True)  # idempotent submit
    kiosk_id = pw.CharField(max_length=40, default="")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    offered_at = pw.DateTimeField(null=True)
    # Channels the visitor chose for "Avvisami quando tocca a me" ('', 'email', 'sms',
    # 'email,sms') and the language the messages are written in.
    notify_channels = pw.CharField(max_length=16, default="")
    lang = pw.CharField(max_length=8, default="it")
    offer_expires_at = pw.DateTimeField(null=True)  # the last offer's deadline (UTC)

    class Meta:
        indexes = (
            (("waitlist", "seq"), True),
            (("status", "offer_expires_at"), False),
            # a join's rate limit and its place in line (0014); 0014 also indexes the phone
            # and the lower-cased e-mail of the entries that have one (partial indexes)
            (("waitlist", "created_at"), False),
            (("waitlist", "status", "seq"), False),
        )


class OutboxMessage(BaseModel):
    """A message to a family, written in the transaction of the change that causes it.

    No personal data here: the recipient is read from the entry at send time, and the row goes
    with the entry (ON DELETE CASCADE: purge, erase)."""

    entry_id: int
    entry = pw.ForeignKeyField(WaitlistEntry, backref="messages", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # confirmation | offer | reminder | cancellation
    channel = pw.CharField(max_length=8)  # email | sms
    lang = pw.CharField(max_length=8, default="it")
    key = pw.CharField(max_length=64, unique=True)  # idempotency key: Message-ID, SMS key
    params = pw.TextField(default="{}")  # JSON of the text's non-personal values
    state = pw.CharField(max_length=8, default="queued", index=True)  # queued | sent | failed
    tries = pw.IntegerField(default=0)
    next_try_at = pw.DateTimeField(default=utcnow, index=True)
    lease_until = pw.DateTimeField(null=True)  # a worker is sending it until then
    claimed_by = pw.CharField(max_length=64, default="")
    last_error = pw.CharField(max_length=200, default="")  # never personal data
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    sent_at = pw.DateTimeField(null=True)


class StaffCredential(BaseModel):
    key = pw.CharField(max_length=32, unique=True, default="staff")
    pin_hash = pw.CharField(max_length=255)  # scrypt$n$r$p$salt$hash
    created_at = pw.DateTimeField(default=utcnow)


class LoginThrottle(BaseModel):
    """Failed PIN/code attempts per scope, kept in the database so a restart does not reset them."""

    scope = pw.CharField(max_length=64, unique=True)
    failures = pw.IntegerField(default=0)
    last_failure_at = pw.DateTimeField(null=True)


class AuditLog(BaseModel):
    at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.CharField(max_length=64)
    action = pw.CharField(max_length=64)
    target = pw.CharField(max_length=128, default="")
    detail = pw.TextField(default="")  # never personal data
    kiosk_id = pw.CharField(max_length=40, default="")

    class Meta:
        indexes = ((("kiosk_id", "action", "at"), False),)  # a kiosk's joins of the last minute


class UsageEvent(BaseModel):
    """Anonymous usage: what was looked at, per day and kiosk; never who or what was typed."""

    day = pw.DateField(index=True)
    kiosk_id = pw.CharField(max_length=40)
    kind = pw.CharField(max_length=16)  # need | age_group | service | search | language | event
    key = pw.CharField(max_length=64, default="")
    lang = pw.CharField(max_length=8, default="")


class ContentSync(BaseModel):
    at = pw.DateTimeField(default=utcnow)
    version = pw.CharField(max_length=64)
    summary = pw.TextField(default="")
    actor = pw.CharField(max_length=64, default="")
    folder = pw.TextField(default="")  # absolute path of the content folder published


class ContentManifest(BaseModel):
    """A content folder's files as its last publish saw them (kiosk.sync_manifest)."""

    folder = pw.TextField(unique=True)
    data = pw.TextField()
    items = pw.TextField(default="")  # JSON: what it knew of each service and event


ALL_MODELS: list[type[BaseModel]] = [
    Need,
    AgeGroup,
    Provider,
    Service,
    ServiceText,
    ServiceNeed,
    ServiceAgeGroup,
    ServiceComune,
    Event,
    EventText,
    Office,
    Waitlist,
    WaitlistEntry,
    OutboxMessage,
    StaffCredential,
    LoginThrottle,
    AuditLog,
    UsageEvent,
    ContentSync,
    ContentManifest,
]
