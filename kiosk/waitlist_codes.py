"""Waitlist records and pure helpers: results, ticket codes, contacts, form checks (no database)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kiosk.config import JOINS_PER_MINUTE_KIOSK, JOINS_PER_MINUTE_LIST
from kiosk.text import clean_input

ListKind = Literal["service", "event"]
Outcome = Literal["found", "not_found", "throttled"]

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B (nor G, Q): what is left cannot be misread on a receipt or phone.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6

PHONE_MAX_TYPED = 40
EMAIL_MAX = 254
FORM_FIELDS = ("name", "contact", "party_size", "child_age", "note")
REQUIRED_FIELDS = frozenset({"name", "contact", "party_size", "child_age"})  # note is optional
NAME_MAX = 80
NOTE_MAX = 300
PARTY_SIZE_RANGE = (1, 20)
CHILD_AGE_RANGE = (0, 17)

# Domain separation for contact keys: the key is a fingerprint for duplicates, not a secret store;
# the raw contact lives in its own columns of the same row.
_KEY_CONTEXT = b"sportello-cpf/waitlist-contact/v1"

# A leading '+' may sit inside a bracket: "(+39) 333.123.4567".
_PHONE_TYPED = re.compile(r"^\(?\+?[0-9 .\-/()]+$")
_IT_MOBILE = re.compile(r"^3[0-9]{8,9}$")
_IT_LANDLINE = re.compile(r"^0[0-9]{5,10}$")
_INTERNATIONAL = re.compile(r"^[1-9][0-9]{7,14}$")
_EMAIL = re.compile(
    r"^(?=[^@]{1,64}@)"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_CODE_SEPARATORS = re.compile(r"[\s.\-_/]+")


# --- what the services return -----------------------------------------------------------------


class WaitlistError(Exception):
    """A join the kiosk cannot take; `reason` is a message key the UI translates."""

    reason = "error"


class JoinRefused(WaitlistError):
    """The list does not take this join: reason 'not_found', 'closed' or 'full'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JoinLimited(WaitlistError):
    """Too many joins in the last minute (from this kiosk, or on this list): nothing stored."""

    reason = "rate_limited"

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"{scope}: retry after {retry_after}s")
        self.scope = scope  # 'kiosk' or 'list'
        self.retry_after = retry_after


@dataclass(frozen=True)
class JoinLimits:
    """Joins allowed per `window_seconds`: from one kiosk (any list), and new entries per list."""

    per_kiosk: int = JOINS_PER_MINUTE_KIOSK
    per_list: int = JOINS_PER_MINUTE_LIST
    window_seconds: int = 60


class JoinError(WaitlistError):
    """The form has problems: `errors` maps a field to an error code (nothing was stored)."""

    reason = "invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{f}:{c}" for f, c in sorted(errors.items())))
        self.errors = dict(errors)


@dataclass(frozen=True)
class JoinResult:
    """The confirmation a visitor sees. Never carries the name or contact typed.

    When `already_registered`, the contact typed already has an active place on this list and
    the result says nothing more: no code, no position (whoever types a number must not learn
    that person's ticket). The code is recovered at the desk."""

    code: str  # "" when already_registered
    position: int | None  # rank among active entries; None when already_registered, or if a
    # replayed entry left the list
    service_slug: str  # the event's slug when kind == "event"
    service_name: str  # the event's title when kind == "event"
    already_registered: bool  # the same contact already has an active place: nothing was added
    sensitive: bool
    kind: ListKind = "service"
    replayed: bool = False  # same request_id as an earlier submission: its confirmation again


@dataclass(frozen=True)
class TicketStatus:
    """Answer to a typed code; when not found it tells nothing about other entries."""

    outcome: Outcome
    code: str = ""
    service_slug: str = ""
    service_name: str = ""
    kind: ListKind = "service"
    status: str = ""  # a kiosk.statuses.EntryStatus value
    position: int | None = None  # None once the entry is no longer active
    retry_after: int = 0  # seconds the UI must wait before the next code (0: now)
    offer_until: dt.datetime | None = None  # a seat is theirs until then (centre's time)

    @property
    def found(self) -> bool:
        return self.outcome == "found"


# --- ticket codes and contacts ----------------------------------------------------------------


def new_code() -> str:
    """A random ticket code from CODE_ALPHABET (uniqueness is checked by the caller)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What the visitor typed as a code: full-width to ASCII, upper case, separators removed.

    Confusable characters are not mapped: the alphabet has none of either member of a pair
    (0/O, 1/I/L, 5/S, 2/Z, 8/B), so no mapping would be unambiguous.
    """
    text = unicodedata.normalize("NFKC", typed).upper()
    return _CODE_SEPARATORS.sub("", text)[: CODE_LENGTH * 4]


def is_well_formed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def phone_error(typed: str) -> str | None:
    """The error code for a typed phone number, or None when it is valid."""
    if len(typed.strip()) > PHONE_MAX_TYPED:
        return "too_long"
    return None if normalise_phone(typed) else "phone_invalid"


def normalise_phone(typed: str) -> str | None:
    """E.164 form ('+393331234567') of an Italian or international number, None if invalid.

    The kiosk's one phone rule: joining, the duplicate check, staff search and GDPR lookups
    all compare numbers through it, so '333 123 4567', '+39 333 1234567', '0039-333-1234567',
    '3331234567' and '(+39) 333.123.4567' are one person everywhere.
    Italian numbers may be written without prefix: mobile 3xx (9-10 digits), landline 0xx
    (6-11 digits). Others need '+' or '00' and 8-15 digits. Spaces, dots, dashes, slashes and
    brackets are allowed and dropped. E.164 input gives itself back.
    """
    text = typed.strip()
    if not text or len(text) > PHONE_MAX_TYPED or not _PHONE_TYPED.match(text):
        return None
    digits = re.sub(r"[^0-9]", "", text)
    international = text.lstrip("(").startswith("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if international:
        if digits.startswith("39"):
            national = digits[2:]
        elif _INTERNATIONAL.match(digits):
            return "+" + digits
        else:
            return None
    else:
        national = digits
    if _IT_MOBILE.match(national) or _IT_LANDLINE.match(national):
        return "+39" + national
    return None


def normalise_email(typed: str) -> str | None:
    """Lower-case form of a deliverable-looking e-mail address, None if it is not one."""
    text = typed.strip()
    return text.lower() if email_error(text) is None else None


def normalise_contact(typed: str) -> tuple[str, str]:
    """('email', value), ('phone', E.164) or ('', '') when `typed` is neither."""
    if "@" in typed:
        email = normalise_email(typed)
        return ("email", email) if email else ("", "")
    phone = normalise_phone(typed)
    return ("phone", phone) if phone else ("", "")


def email_error(typed: str) -> str | None:
    """The error code for a typed e-mail address, or None when it looks deliverable."""
    text = typed.strip()
    if len(text) > EMAIL_MAX:
        return "too_long"
    return None if _EMAIL.match(text) else "email_invalid"


def contact_key(waitlist_id: int, kind: str, value: str) -> str:
    """Fingerprint of a normalised contact on one list (64 hex chars, no raw contact inside)."""
    message = f"{waitlist_id}\x1f{kind}\x1f{value}".encode()
    return hmac.new(_KEY_CONTEXT, message, hashlib.sha256).hexdigest()


# --- the join form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinForm:
    """What a visitor typed in the join form, as typed (`validate_form` checks and cleans it)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    party_size: int | str | None = None
    child_age: int | str | None = None
    note: str = ""
    extra_consent: bool = False  # the separate, optional yes to hear about other activities
    notify: bool = False  # the separate, optional "Avvisami quando tocca a me"


@dataclass(frozen=True)
class CleanForm:
    """A checked form: text cleaned and capped, phone in E.164, numbers as int."""

    name: str
    phone: str
    email: str
    party_size: int | None
    child_age: int | None
    note: str


def notify_channels(configured: Iterable[str], phone: str, email: str) -> tuple[str, ...]:
    """The configured channels that can reach the contact given: 'email' for an address,
    'sms' for a phone number that is not an Italian landline (+390…: no SMS there)."""
    phone = (normalise_phone(phone) or "") if phone else ""
    reachable = {
        "email": bool(email.strip()) and email_error(email) is None,
        "sms": bool(phone) and not phone.startswith("+390"),
    }
    return tuple(c for c in ("email", "sms") if c in set(configured) and reachable[c])


def asked_fields(fields: Iterable[str], sensitive: bool) -> tuple[str, ...]:
    """The form fields to show for a list; a sensitive list never asks for a name."""
    return tuple(f for f in fields if f in FORM_FIELDS and not (sensitive and f == "name"))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole_number(value: object, bounds: tuple[int, int]) -> tuple[int | None, str | None]:
    if isinstance(value, bool):
        return None, "number_invalid"
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 3:
            return None, "number_invalid"
        number = int(text)
    if not bounds[0] <= number <= bounds[1]:
        return None, "out_of_range"
    return number, None


def validate_form(asked: tuple[str, ...], form: JoinForm) -> tuple[CleanForm, dict[str, str]]:
    """Check a form against the fields a list asks (`asked_fields`): the cleaned form, and
    field -> error code for every problem (empty when it can be stored)."""
    errors: dict[str, str] = {}
    name, phone, email, note = form.name, form.phone, form.email, form.note
    party_size, child_age = form.party_size, form.child_age
    given = {
        "name": name,
        "phone": phone,
        "email": email,
        "party_size": party_size,
        "child_age": child_age,
        "note": note,
    }
    for field, value in given.items():
        owner = "contact" if field in ("phone", "email") else field
        if owner not in asked and not _blank(value):
            errors[field] = "not_asked"
    clean_name = clean_input(name or "", NAME_MAX) if "name" in asked else ""
    if "name" in asked and not clean_name:
        errors["name"] = "required"
    clean_phone = clean_email = ""
    if "contact" in asked:
        typed_phone = clean_input(phone or "", 200)
        typed_email = clean_input(email or "", 1000)
        if not typed_phone and not typed_email:
            errors["contact"] = "contact_required"
        if typed_phone:
            problem = phone_error(typed_phone)
            if problem:
                errors["phone"] = problem
            else:
                clean_phone = normalise_phone(typed_phone) or ""
        if typed_email:
            problem = email_error(typed_email)
            if problem:
                errors["email"] = problem
            else:
                clean_email = typed_email
    numbers: dict[str, int | None] = {"party_size": None, "child_age": None}
    for field, raw, bounds in (
        ("party_size", party_size, PARTY_SIZE_RANGE),
        ("child_age", child_age, CHILD_AGE_RANGE),
    ):
        if field not in asked:
            continue
        if _blank(raw):
            errors[field] = "required"
            continue
        numbers[field], problem = _whole_number(raw, bounds)
        if problem:
            errors[field] = problem
    clean_note = clean_input(note or "", NOTE_MAX) if "note" in asked else ""
    clean = CleanForm(
        name=clean_name,
        phone=clean_phone,
        email=clean_email,
        party_size=numbers["party_size"],
        child_age=numbers["child_age"],
        note=clean_note,
    )
    return clean, errors


def form_errors(
    fields: Iterable[str], form: JoinForm, *, sensitive: bool = False
) -> dict[str, str]:
    """Field -> error code for a form, without touching the database (empty: all good)."""
    return validate_form(asked_fields(fields, sensitive), form)[1]
