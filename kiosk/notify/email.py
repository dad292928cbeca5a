"""E-mail over SMTP (smtplib): STARTTLS or TLS, login, a Message-ID derived from the key."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from kiosk.notify.channels import Outgoing, PermanentFailure, TemporaryFailure
from kiosk.notify.settings import SmtpSettings


def message_id(key: str, sender: str) -> str:
    """The same key gives the same Message-ID: a reader shows a repeated delivery once."""
    domain = sender.rpartition("@")[2] or "sportello-cpf.invalid"
    return f"<outbox.{key}@{domain}>"


def build(message: Outgoing, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message_id(message.key, sender)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    mail.set_content(message.body)
    mail["Content-Language"] = message.lang  # after set_content, which drops Content-* headers
    return mail


class EmailChannel:
    """Sends through the configured SMTP server; each message on its own connection."""

    name = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            return smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp

    def send(self, message: Outgoing) -> None:
        s = self.settings
        try:
            with self._connect() as smtp:
                if s.user:
                    smtp.login(s.user, s.password)
                smtp.send_message(build(message, s.sender))
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"recipient refused ({codes[0]})") from None
            raise TemporaryFailure(f"recipient deferred ({codes[0] if codes else '?'})") from None
        except smtplib.SMTPResponseException as exc:
            # 5xx on DATA/MAIL is permanent; a login refusal is the operator's to fix: retried.
            kind = type(exc).__name__
            if 500 <= exc.smtp_code < 600 and not isinstance(exc, smtplib.SMTPAuthenticationError):
                raise PermanentFailure(f"{kind} {exc.smtp_code}") from None
            raise TemporaryFailure(f"{kind} {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:  # down, refused, timeout, TLS
            raise TemporaryFailure(f"mail server: {type(exc).__name__}") from None
