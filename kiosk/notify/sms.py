"""SMS through an HTTP gateway: the request's fields and headers come from the settings."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from kiosk.notify.channels import Outgoing, PermanentFailure, TemporaryFailure
from kiosk.notify.settings import SmsSettings


def request_for(message: Outgoing, settings: SmsSettings) -> urllib.request.Request:
    """The gateway request: a JSON or form body of the configured fields, the headers
    (token, idempotency key) filled in; works for providers that differ only in names."""
    values = {
        "to": message.to,
        "to_digits": message.to.lstrip("+"),
        "text": message.body,
        "sender": settings.sender,
        "key": message.key,
        "token": settings.token,
    }
    fields = {name: template.format(**values) for name, template in settings.fields}
    headers = {name: template.format(**values) for name, template in settings.headers}
    if settings.body == "json":
        data = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    else:
        data = urllib.parse.urlencode(fields).encode("ascii")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return urllib.request.Request(settings.url, data=data, headers=headers, method="POST")


class SmsChannel:
    """Posts one request per message, with a timeout; 2xx is delivered to the gateway."""

    name = "sms"

    def __init__(self, settings: SmsSettings) -> None:
        self.settings = settings

    def send(self, message: Outgoing) -> None:
        request = request_for(message, self.settings)
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as answer:
                answer.read(4096)
        except urllib.error.HTTPError as exc:
            if exc.code in (408, 425, 429) or exc.code >= 500:
                raise TemporaryFailure(f"SMS gateway HTTP {exc.code}") from None
            raise PermanentFailure(f"SMS gateway HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:  # refused, DNS, timeout, TLS
            raise TemporaryFailure(f"SMS gateway: {type(exc).__name__}") from None
