"""The staff PIN: scrypt hash, refusal of guessable PINs, a throttle that survives restarts."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import itertools
import math
import secrets
from dataclasses import dataclass

from kiosk.cli_text import _
from kiosk.clock import utcnow
from kiosk.models import LoginThrottle, StaffCredential, database, is_sqlite
from kiosk.staff.audit import record_audit, staff_actor
from kiosk.staff.records import PinResult


@dataclass(frozen=True)
class ScryptParams:
    n: int
    r: int
    p: int


OWASP_SCRYPT = ScryptParams(n=2**17, r=8, p=1)  # OWASP Password Storage Cheat Sheet
# What new hashes use; tests swap in cheaper parameters. Verification always reads the
# parameters stored in the hash itself.
SCRYPT_PARAMS = OWASP_SCRYPT

MIN_LENGTH = 6
MAX_LENGTH = 12
CREDENTIAL_KEY = "staff"
THROTTLE_SCOPE = "admin-pin"
FREE_FAILURES = 3  # failures before the first delay
BASE_DELAY = 5  # seconds after the 3rd failure, doubling after each further one
MAX_DELAY = 15 * 60
# The counter decays: every DECAY_SECONDS without a wrong PIN forgets one failure, so a visitor
# tapping at the pad cannot keep staff locked out (a persistent guesser gets about one try per
# 5 minutes; once they stop, the count is back to zero within an hour). It never counts past
# the failures that reach MAX_DELAY, so a storm is forgotten as fast as a short run.
DECAY_SECONDS = 5 * 60
MAX_COUNTED = FREE_FAILURES + math.ceil(math.log2(MAX_DELAY / BASE_DELAY))

# PINs people pick first (beyond the patterns refused below).
COMMON_PINS = frozenset(
    {
        "000000", "111111", "123123", "112233", "121212", "123321", "654321", "123456",
        "696969", "159753", "147258", "258369", "147852", "789456", "102030", "111222",
        "100200", "123654", "159357", "131313", "101010", "202020", "010203", "112358",
        "999999", "1234567", "12345678", "123456789", "1234567890", "0123456789",
    }
)  # fmt: skip


class PinRefused(ValueError):
    """The PIN is too short, not digits only, or easy to guess; the message says which."""


def pin_problem(pin: str) -> str | None:
    """Why `pin` may not be used, in one line, or None when it is acceptable."""
    if not pin:
        return _("il PIN è vuoto")
    if not (pin.isascii() and pin.isdigit()):
        return _("usa solo le cifre 0-9")
    if len(pin) < MIN_LENGTH:
        return _("usa almeno {count} cifre", count=MIN_LENGTH)
    if len(pin) > MAX_LENGTH:
        return _("usa al massimo {count} cifre", count=MAX_LENGTH)
    if len(set(pin)) == 1:
        return _("le cifre sono tutte uguali")
    if _is_run(pin) or _doubled_run(pin):  # 123456, 654321, 135791, 890123, 112233…
        return _("le cifre seguono una sequenza regolare")
    for size in range(2, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return _("un breve gruppo di cifre si ripete")
    if pin in COMMON_PINS:
        return _("questo PIN è tra i primi che si provano")
    return None


def _is_run(digits: str) -> bool:
    """Every digit is the previous one plus the same step (mod 10)."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return len(steps) <= 1


def _doubled_run(pin: str) -> bool:
    """112233, 998877: each digit twice, following a run."""
    if len(pin) % 2 or any(pin[i] != pin[i + 1] for i in range(0, len(pin), 2)):
        return False
    return _is_run(pin[::2])


def _secret(pin: str, pepper: str) -> bytes:
    if not pepper:
        return pin.encode()
    return hmac.new(pepper.encode(), pin.encode(), hashlib.sha256).digest()


def _scrypt(secret: bytes, salt: bytes, params: ScryptParams) -> bytes:
    # scrypt needs 128 * n * r bytes; leave room for OpenSSL's own bookkeeping.
    maxmem = max(256 * 1024 * 1024, 2 * 128 * params.n * params.r + 1024 * 1024)
    return hashlib.scrypt(
        secret, salt=salt, n=params.n, r=params.r, p=params.p, maxmem=maxmem, dklen=32
    )


def hash_pin(pin: str, *, pepper: str = "", params: ScryptParams | None = None) -> str:
    """The stored form: scrypt$n$r$p$salt_b64$hash_b64 with a fresh 16-byte salt."""
    params = params or SCRYPT_PARAMS
    salt = secrets.token_bytes(16)
    digest = _scrypt(_secret(pin, pepper), salt, params)
    b64 = base64.b64encode
    return f"scrypt${params.n}${params.r}${params.p}${b64(salt).decode()}${b64(digest).decode()}"


def pin_matches(pin: str, stored: str, *, pepper: str = "") -> bool:
    """Constant-time check of `pin` against a stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        params = ScryptParams(int(n), int(r), int(p))
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
    except ValueError:
        return False
    # Bounds keep a tampered row from asking for gigabytes or hours.
    if (
        scheme != "scrypt"
        or params.n < 2
        or params.n & (params.n - 1)
        or params.n > 2**20
        or not 1 <= params.r <= 32
        or not 1 <= params.p <= 16
        or len(expected) != 32
    ):
        return False
    actual = _scrypt(_secret(pin, pepper), salt, params)
    return hmac.compare_digest(actual, expected)


def pin_is_set() -> bool:
    return StaffCredential.select().where(StaffCredential.key == CREDENTIAL_KEY).exists()


def set_pin(
    pin: str,
    *,
    kiosk_id: str,
    pepper: str = "",
    actor: str | None = None,
    params: ScryptParams | None = None,
) -> None:
    """Store a new staff PIN (raises PinRefused); also clears the failure counter."""
    problem = pin_problem(pin)
    if problem:
        raise PinRefused(problem)
    stored = hash_pin(pin, pepper=pepper, params=params)
    with database.atomic():
        updated = (
            StaffCredential.update(pin_hash=stored, created_at=utcnow())
            .where(StaffCredential.key == CREDENTIAL_KEY)
            .execute()
        )
        if not updated:
            StaffCredential.create(key=CREDENTIAL_KEY, pin_hash=stored)
        LoginThrottle.delete().where(LoginThrottle.scope == THROTTLE_SCOPE).execute()
        record_audit(
            "admin_pin_changed" if updated else "admin_pin_set",
            actor=actor or staff_actor(kiosk_id),
            kiosk_id=kiosk_id,
        )


def throttle_delay(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failures."""
    if failures < FREE_FAILURES:
        return 0
    exponent = min(failures - FREE_FAILURES, 16)  # 5 * 2**16 s is far past the cap
    return min(BASE_DELAY * (1 << exponent), MAX_DELAY)  # BASE_DELAY * 2**exponent


def decayed_failures(failures: int, last_failure_at: dt.datetime | None, now: dt.datetime) -> int:
    """The failures still counted at `now`: one is forgotten per DECAY_SECONDS of quiet."""
    if last_failure_at is None:
        return 0
    quiet = max(0.0, (now - last_failure_at).total_seconds())
    return max(0, min(failures, MAX_COUNTED) - int(quiet // DECAY_SECONDS))


def _wait(failures: int, last_failure_at: dt.datetime | None, now: dt.datetime) -> int:
    """Seconds left of the delay the last failure started (0: an attempt may be made)."""
    if last_failure_at is None:
        return 0
    until = last_failure_at + dt.timedelta(seconds=throttle_delay(failures))
    return max(0, math.ceil((until - now).total_seconds()))


def retry_after(now: dt.datetime | None = None) -> int:
    """Seconds before the next PIN attempt is accepted (0: now)."""
    row = LoginThrottle.get_or_none(LoginThrottle.scope == THROTTLE_SCOPE)
    if row is None:
        return 0
    return _wait(row.failures, row.last_failure_at, now or utcnow())


def _take_slot(now: dt.datetime) -> tuple[int, int]:
    """(wait, failures): either the throttle runs (wait > 0, nothing taken) or this attempt
    is counted as a failure *before* the slow check, in one write transaction.

    Simultaneous attempts queue on the throttle row (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    the row locked FOR UPDATE), so each sees the ones before it: no more than FREE_FAILURES
    PINs are ever checked before the first delay. A right PIN clears the count afterwards."""
    with database.atomic():
        LoginThrottle.insert(scope=THROTTLE_SCOPE, failures=0).on_conflict_ignore().execute()
        query = LoginThrottle.select().where(LoginThrottle.scope == THROTTLE_SCOPE)
        row = (query if is_sqlite() else query.for_update()).get()
        wait = _wait(row.failures, row.last_failure_at, now)
        if wait:
            return wait, row.failures
        failures = min(decayed_failures(row.failures, row.last_failure_at, now) + 1, MAX_COUNTED)
        (
            LoginThrottle.update(failures=failures, last_failure_at=now)
            .where(LoginThrottle.scope == THROTTLE_SCOPE)
            .execute()
        )
    return 0, failures


def verify_pin(
    pin: str,
    now: dt.datetime | None = None,
    *,
    kiosk_id: str = "",
    pepper: str = "",
    actor: str | None = None,
) -> PinResult:
    """Check one attempt; refused unchecked while the throttle runs. `now` is naive UTC."""
    now = now or utcnow()
    actor = actor or staff_actor(kiosk_id)
    credential = StaffCredential.get_or_none(StaffCredential.key == CREDENTIAL_KEY)
    if credential is None:
        record_audit("admin_login_failed", actor=actor, kiosk_id=kiosk_id, detail="no PIN set")
        return PinResult(ok=False, reason="not_set")
    wait, failures = _take_slot(now)
    if wait:
        record_audit(
            "admin_login_throttled", actor=actor, kiosk_id=kiosk_id, detail=f"retry_after={wait}s"
        )
        return PinResult(ok=False, retry_after_seconds=wait, reason="throttled")
    # The slow hash runs outside any transaction so it holds no database lock; the attempt
    # is already counted, so simultaneous guesses cannot all be checked.
    if pin_matches(pin, credential.pin_hash, pepper=pepper):
        with database.atomic():
            LoginThrottle.delete().where(LoginThrottle.scope == THROTTLE_SCOPE).execute()
            record_audit("admin_login_ok", actor=actor, kiosk_id=kiosk_id)
        return PinResult(ok=True, reason="ok")
    record_audit(
        "admin_login_failed", actor=actor, kiosk_id=kiosk_id, detail=f"failures={failures}"
    )
    return PinResult(ok=False, retry_after_seconds=throttle_delay(failures), reason="wrong")
