"""Settings of the message channels (SMTP e-mail, HTTP SMS gateway) and of the outbox worker."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

SECURITY_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
SMS_BODIES = ("json", "form")
# What an SMS gateway's fields and headers may contain: {to} is E.164 (+393331234567),
# {to_digits} the same without '+', {key} the message's idempotency key.
SMS_PLACEHOLDERS = frozenset({"to", "to_digits", "text", "sender", "key", "token"})
DEFAULT_SMS_FIELDS = (("to", "{to}"), ("from", "{sender}"), ("text", "{text}"))
DEFAULT_SMS_HEADERS = (("Authorization", "Bearer {token}"), ("Idempotency-Key", "{key}"))
DEFAULT_MAX_TRIES = 8
DEFAULT_POLL_SECONDS = 15

# env var -> (field, one-line help); the secrets are read from the environment or from a
# systemd credential ($CREDENTIALS_DIRECTORY/smtp-password, .../sms-token), never from the file.
NOTIFY_ENV_VARS: dict[str, tuple[str, str]] = {
    "KIOSK_SMTP_HOST": ("smtp_host", "mail server for messages to families (empty: no e-mail)"),
    "KIOSK_SMTP_PORT": ("smtp_port", "mail server port (25 none, 587 starttls, 465 tls)"),
    "KIOSK_SMTP_SECURITY": ("smtp_security", "none, starttls or tls (starttls)"),
    "KIOSK_SMTP_USER": ("smtp_user", "mail server login (empty: no login)"),
    "KIOSK_SMTP_PASSWORD": ("smtp_password", "mail password (or credential smtp-password)"),
    "KIOSK_SMTP_SENDER": ("smtp_sender", "From address of the messages, e.g. cpf@comune.it"),
    "KIOSK_SMTP_TIMEOUT": ("smtp_timeout", "seconds to wait for the mail server (20)"),
    "KIOSK_SMS_URL": ("sms_url", "SMS gateway address, https://… (empty: no SMS)"),
    "KIOSK_SMS_TOKEN": ("sms_token", "SMS gateway token (or credential sms-token)"),
    "KIOSK_SMS_SENDER": ("sms_sender", "SMS sender name or number"),
    "KIOSK_SMS_BODY": ("sms_body", "gateway request body: json or form (json)"),
    "KIOSK_SMS_FIELDS": (
        "sms_fields",
        'body fields as JSON, e.g. {"to": "{to}", "text": "{text}"}',
    ),
    "KIOSK_SMS_HEADERS": ("sms_headers", "request headers as JSON (Bearer token, Idempotency-Key)"),
    "KIOSK_SMS_TIMEOUT": ("sms_timeout", "seconds to wait for the SMS gateway (20)"),
    "KIOSK_OUTBOX_MAX_TRIES": (
        "outbox_max_tries",
        f"tries before a message fails ({DEFAULT_MAX_TRIES})",
    ),
    "KIOSK_OUTBOX_WORKER": (
        "outbox_worker",
        "true: the kiosk sends queued messages itself; false: a timer runs kiosk admin send-outbox",
    ),
}
SECRET_FIELDS = {"smtp_password": "smtp-password", "sms_token": "sms-token"}
# Settings a TOML file may hold (secrets only from the environment or a credential).
NOTIFY_FILE_KEYS = frozenset(f for f, _ in NOTIFY_ENV_VARS.values()) - set(SECRET_FIELDS)


class NotifyConfigError(ValueError):
    """A message setting the kiosk cannot use (kiosk.config turns it into a ConfigError)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # none | starttls | tls
    user: str
    password: str
    sender: str
    timeout: int = 20


@dataclass(frozen=True)
class SmsSettings:
    url: str
    token: str
    sender: str
    body: str = "json"  # json | form
    fields: tuple[tuple[str, str], ...] = DEFAULT_SMS_FIELDS
    headers: tuple[tuple[str, str], ...] = DEFAULT_SMS_HEADERS
    timeout: int = 20


@dataclass(frozen=True)
class NotifySettings:
    """The channels that are configured (None: not offered to visitors) and the worker."""

    smtp: SmtpSettings | None = None
    sms: SmsSettings | None = None
    max_tries: int = DEFAULT_MAX_TRIES
    worker: bool = True  # the running kiosk sends (else: `kiosk admin send-outbox` on a timer)
    poll_seconds: int = DEFAULT_POLL_SECONDS

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels visitors may choose: 'email', 'sms' (configured ones only)."""
        return tuple(
            name for name, on in (("email", self.smtp), ("sms", self.sms)) if on is not None
        )


def notify_secrets(env: Mapping[str, str]) -> dict[str, str]:
    """The secrets from systemd credentials, for those the environment does not give."""
    found: dict[str, str] = {}
    credentials = env.get("CREDENTIALS_DIRECTORY")
    for field, name in SECRET_FIELDS.items():
        var = next(v for v, (f, _h) in NOTIFY_ENV_VARS.items() if f == field)
        if var in env or not credentials:
            continue
        path = Path(credentials) / name
        if path.is_file():
            found[field] = path.read_text(encoding="utf-8").strip()
    return found


def _text(raw: Mapping[str, object], field: str) -> str:
    return str(raw.get(field) or "").strip()


def _int(raw: Mapping[str, object], field: str, default: int, low: int, high: int, at: str) -> int:
    value = raw.get(field, default)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise NotifyConfigError(f"{at}={value!r} is not a whole number") from None
    if not low <= number <= high:
        raise NotifyConfigError(f"{at}={number} must be between {low} and {high}")
    return number


def _choice(
    raw: Mapping[str, object], field: str, default: str, allowed: tuple[str, ...], at: str
) -> str:
    value = (_text(raw, field) or default).lower()
    if value not in allowed:
        raise NotifyConfigError(f"{at}={value!r}: choose one of {', '.join(allowed)}")
    return value


def _templates(
    raw: Mapping[str, object], field: str, default: tuple[tuple[str, str], ...], at: str
) -> tuple[tuple[str, str], ...]:
    """A name -> template mapping (TOML table or JSON object text) with known placeholders."""
    value = raw.get(field)
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise NotifyConfigError(f'{at}: write a JSON object, e.g. {{"to": "{{to}}"}}') from None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise NotifyConfigError(f"{at}: names and templates must be text")
    for name, template in value.items():
        try:
            used = {part[1] for part in string.Formatter().parse(template) if part[1] is not None}
        except ValueError:
            raise NotifyConfigError(f"{at}: {name}={template!r} has an unmatched brace") from None
        unknown = used - SMS_PLACEHOLDERS
        if unknown:
            raise NotifyConfigError(
                f"{at}: {name}={template!r} uses {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(SMS_PLACEHOLDERS))}"
            )
    return tuple((str(k), str(v)) for k, v in value.items())


_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def notify_settings(raw: Mapping[str, object], source: Callable[[str], str]) -> NotifySettings:
    """Check the message settings in `raw` (field -> value); `source` names a field's origin."""
    variables = {f: var for var, (f, _h) in NOTIFY_ENV_VARS.items()}

    def origin(field: str) -> str:  # a setting not given at all is named by its variable
        named = source(field)
        return variables.get(field, field) if named == field else named

    smtp = sms = None
    host = _text(raw, "smtp_host")
    if host:
        security = _choice(
            raw, "smtp_security", "starttls", SECURITY_MODES, origin("smtp_security")
        )
        sender = _text(raw, "smtp_sender")
        if not _ADDRESS.match(sender):
            raise NotifyConfigError(
                f"{origin('smtp_sender')}={sender!r}: the e-mail channel needs a sender address"
            )
        smtp = SmtpSettings(
            host=host,
            port=_int(raw, "smtp_port", DEFAULT_PORTS[security], 1, 65535, origin("smtp_port")),
            security=security,
            user=_text(raw, "smtp_user"),
            password=str(raw.get("smtp_password") or ""),
            sender=sender,
            timeout=_int(raw, "smtp_timeout", 20, 1, 300, origin("smtp_timeout")),
        )
    url = _text(raw, "sms_url")
    if url:
        if not re.match(r"^https?://[^\s/]+(/\S*)?$", url):
            raise NotifyConfigError(f"{origin('sms_url')}={url!r}: write a full https:// address")
        sms = SmsSettings(
            url=url,
            token=str(raw.get("sms_token") or ""),
            sender=_text(raw, "sms_sender"),
            body=_choice(raw, "sms_body", "json", SMS_BODIES, origin("sms_body")),
            fields=_templates(raw, "sms_fields", DEFAULT_SMS_FIELDS, origin("sms_fields")),
            headers=_templates(raw, "sms_headers", DEFAULT_SMS_HEADERS, origin("sms_headers")),
            timeout=_int(raw, "sms_timeout", 20, 1, 300, origin("sms_timeout")),
        )
    worker = raw.get("outbox_worker", True)
    if isinstance(worker, str):
        if worker.strip().lower() not in ("true", "false", "1", "0"):
            raise NotifyConfigError(f"{origin('outbox_worker')}={worker!r}: write true or false")
        worker = worker.strip().lower() in ("true", "1")
    elif not isinstance(worker, bool):
        raise NotifyConfigError(f"{origin('outbox_worker')}={worker!r}: write true or false")
    return NotifySettings(
        smtp=smtp,
        sms=sms,
        max_tries=_int(
            raw, "outbox_max_tries", DEFAULT_MAX_TRIES, 1, 50, origin("outbox_max_tries")
        ),
        worker=worker,
    )
