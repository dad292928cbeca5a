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

from kiosk.models import LoginThrottle, StaffCredential, database, utcnow
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
        return "the PIN is empty"
    if not (pin.isascii() and pin.isdigit()):
        return "use digits 0-9 only"
    if len(pin) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} digits"
    if len(pin) > MAX_LENGTH:
        return f"use at most {MAX_LENGTH} digits"
    if len(set(pin)) == 1:
        return "all digits are the same"
    if _is_run(pin) or _doubled_run(pin):  # 123456, 654321, 135791, 890123, 112233…
        return "the digits follow a regular run"
    for size in range(2, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return "a short group of digits is repeated"
    if pin in COMMON_PINS:
        return "this PIN is among the first ones people try"
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
    return min(BASE_DELAY * 2**exponent, MAX_DELAY)


def retry_after(now: dt.datetime | None = None) -> int:
    """Seconds before the next PIN attempt is accepted (0: now)."""
    row = LoginThrottle.get_or_none(LoginThrottle.scope == THROTTLE_SCOPE)
    if row is None or row.last_failure_at is None:
        return 0
    now = now or utcnow()
    until = row.last_failure_at + dt.timedelta(seconds=throttle_delay(row.failures))
    return max(0, math.ceil((until - now).total_seconds()))


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
    wait = retry_after(now)
    if wait:
        record_audit(
            "admin_login_throttled", actor=actor, kiosk_id=kiosk_id, detail=f"retry_after={wait}s"
        )
        return PinResult(ok=False, retry_after_seconds=wait, reason="throttled")
    credential = StaffCredential.get_or_none(StaffCredential.key == CREDENTIAL_KEY)
    if credential is None:
        record_audit("admin_login_failed", actor=actor, kiosk_id=kiosk_id, detail="no PIN set")
        return PinResult(ok=False, reason="not_set")
    # The slow hash runs outside any transaction so it holds no database lock.
    ok = pin_matches(pin, credential.pin_hash, pepper=pepper)
    with database.atomic():
        if ok:
            LoginThrottle.delete().where(LoginThrottle.scope == THROTTLE_SCOPE).execute()
            record_audit("admin_login_ok", actor=actor, kiosk_id=kiosk_id)
            return PinResult(ok=True, reason="ok")
        (
            LoginThrottle.insert(scope=THROTTLE_SCOPE, failures=1, last_failure_at=now)
            .on_conflict(
                conflict_target=[LoginThrottle.scope],
                update={
                    LoginThrottle.failures: LoginThrottle.failures + 1,
                    LoginThrottle.last_failure_at: now,
                },
            )
            .execute()
        )
        failures = (
            LoginThrottle.select(LoginThrottle.failures)
            .where(LoginThrottle.scope == THROTTLE_SCOPE)
            .scalar()
        )
        record_audit(
            "admin_login_failed", actor=actor, kiosk_id=kiosk_id, detail=f"failures={failures}"
        )
    return PinResult(ok=False, retry_after_seconds=throttle_delay(failures), reason="wrong")
