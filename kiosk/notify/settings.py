"""Settings of the message channels (SMTP e-mail, HTTP SMS gateway) and of the outbox worker."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.cli_text import _

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
    "KIOSK_SMTP_HOST": (
        "smtp_host",
        _("server di posta per i messaggi alle famiglie (vuoto: niente e-mail)"),
    ),
    "KIOSK_SMTP_PORT": (
        "smtp_port",
        _("porta del server di posta (25 none, 587 starttls, 465 tls)"),
    ),
    "KIOSK_SMTP_SECURITY": ("smtp_security", _("none, starttls o tls (starttls)")),
    "KIOSK_SMTP_USER": ("smtp_user", _("utente del server di posta (vuoto: nessun accesso)")),
    "KIOSK_SMTP_PASSWORD": (
        "smtp_password",
        _("password della posta (o la credenziale smtp-password)"),
    ),
    "KIOSK_SMTP_SENDER": (
        "smtp_sender",
        _("indirizzo mittente dei messaggi, per esempio cpf@comune.it"),
    ),
    "KIOSK_SMTP_TIMEOUT": ("smtp_timeout", _("secondi di attesa per il server di posta (20)")),
    "KIOSK_SMS_URL": ("sms_url", _("indirizzo del gateway SMS, https://… (vuoto: niente SMS)")),
    "KIOSK_SMS_TOKEN": ("sms_token", _("token del gateway SMS (o la credenziale sms-token)")),
    "KIOSK_SMS_SENDER": ("sms_sender", _("nome o numero mittente degli SMS")),
    "KIOSK_SMS_BODY": ("sms_body", _("corpo della richiesta al gateway: json o form (json)")),
    "KIOSK_SMS_FIELDS": (
        "sms_fields",
        _(
            "campi del corpo in JSON, per esempio {example}",
            example='{"to": "{to}", "text": "{text}"}',
        ),
    ),
    "KIOSK_SMS_HEADERS": (
        "sms_headers",
        _("intestazioni della richiesta in JSON (token Bearer, Idempotency-Key)"),
    ),
    "KIOSK_SMS_TIMEOUT": ("sms_timeout", _("secondi di attesa per il gateway SMS (20)")),
    "KIOSK_OUTBOX_MAX_TRIES": (
        "outbox_max_tries",
        _("tentativi prima che un messaggio non riesca ({count})", count=DEFAULT_MAX_TRIES),
    ),
    "KIOSK_OUTBOX_WORKER": (
        "outbox_worker",
        _(
            "true: il totem invia da sé i messaggi in coda; false: un timer esegue "
            "kiosk admin send-outbox"
        ),
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
        raise NotifyConfigError(
            _("{at}={value!r} non è un numero intero", at=at, value=value)
        ) from None
    if not low <= number <= high:
        raise NotifyConfigError(
            _(
                "{at}={number} deve essere tra {low} e {high}",
                at=at,
                number=number,
                low=low,
                high=high,
            )
        )
    return number


def _choice(
    raw: Mapping[str, object], field: str, default: str, allowed: tuple[str, ...], at: str
) -> str:
    value = (_text(raw, field) or default).lower()
    if value not in allowed:
        raise NotifyConfigError(
            _(
                "{at}={value!r}: scegli uno tra {choices}",
                at=at,
                value=value,
                choices=", ".join(allowed),
            )
        )
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
            raise NotifyConfigError(
                _(
                    "{at}: scrivi un oggetto JSON, per esempio {example}",
                    at=at,
                    example='{"to": "{to}"}',
                )
            ) from None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise NotifyConfigError(_("{at}: nomi e modelli devono essere testo", at=at))
    for name, template in value.items():
        try:
            used = {part[1] for part in string.Formatter().parse(template) if part[1] is not None}
        except ValueError:
            raise NotifyConfigError(
                _(
                    "{at}: {name}={template!r} ha una graffa spaiata",
                    at=at,
                    name=name,
                    template=template,
                )
            ) from None
        unknown = used - SMS_PLACEHOLDERS
        if unknown:
            raise NotifyConfigError(
                _(
                    "{at}: {name}={template!r} usa {used}; quelli noti: {known}",
                    at=at,
                    name=name,
                    template=template,
                    used=", ".join(sorted(unknown)),
                    known=", ".join(sorted(SMS_PLACEHOLDERS)),
                )
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
                _(
                    "{at}={value!r}: il canale e-mail ha bisogno di un indirizzo mittente",
                    at=origin("smtp_sender"),
                    value=sender,
                )
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
            raise NotifyConfigError(
                _(
                    "{at}={value!r}: scrivi un indirizzo https:// completo",
                    at=origin("sms_url"),
                    value=url,
                )
            )
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
            raise NotifyConfigError(
                _("{at}={value!r}: scrivi true o false", at=origin("outbox_worker"), value=worker)
            )
        worker = worker.strip().lower() in ("true", "1")
    elif not isinstance(worker, bool):
        raise NotifyConfigError(
            _("{at}={value!r}: scrivi true o false", at=origin("outbox_worker"), value=worker)
        )
    return NotifySettings(
        smtp=smtp,
        sms=sms,
        max_tries=_int(
            raw, "outbox_max_tries", DEFAULT_MAX_TRIES, 1, 50, origin("outbox_max_tries")
        ),
        worker=worker,
    )
