"""The SMS adapter against a local HTTP gateway: request shapes, errors, retries and backoff
on a controlled clock, failure after the last try."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.notify.outbox import backoff
from kiosk.notify.settings import NotifySettings
from kiosk.notify.worker import deliver_all
from tests.support.outbox import Clock, join, messages, open_lists, sms_settings
from tests.support.sms_gateway import SmsGateway


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    server = SmsGateway()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lists(sqlite_url: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(monkeypatch)
    open_lists(sqlite_url, content_dir)
    return clock


def test_json_request_with_token_and_idempotency_key(lists: Clock, gateway: SmsGateway) -> None:
    result = join(phone="333 123 4567", lang="en", channels=("sms",))
    assert deliver_all(NotifySettings(sms=sms_settings(gateway.url))).sent == 1
    [request] = gateway.state.requests
    assert request.headers["Authorization"] == "Bearer tok-123"
    assert request.headers["Content-Type"].startswith("application/json")
    fields = request.fields()
    assert fields["to"] == "+393331234567" and fields["from"] == "CPF Lucca"
    assert fields["text"].startswith("Family Centre of the Piana di Lucca: you are on the wait")
    assert f"Code {result.code}" in fields["text"] and "Anna" not in fields["text"]
    assert len(request.headers["Idempotency-Key"]) == 32
    assert messages()[0].state == "sent"


def test_form_body_with_provider_names(lists: Clock, gateway: SmsGateway) -> None:
    """An Italian provider's shape, configured without code: form fields, token in the body."""
    sms = sms_settings(
        gateway.url,
        body="form",
        fields=(("destinatario", "{to_digits}"), ("testo", "{text}"), ("apikey", "{token}")),
        headers=(("X-Request-Id", "{key}"),),
    )
    result = join(phone="+39 347 000 0001", channels=("sms",))
    assert deliver_all(NotifySettings(sms=sms)).sent == 1
    [request] = gateway.state.requests
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = request.fields()
    assert set(fields) == {"destinatario", "testo", "apikey"}
    assert fields["destinatario"] == "393470000001" and fields["apikey"] == "tok-123"
    assert f"Codice {result.code}" in fields["testo"]
    assert "Authorization" not in request.headers


def test_server_errors_retry_with_backoff_then_fail(lists: Clock, gateway: SmsGateway) -> None:
    settings = NotifySettings(sms=sms_settings(gateway.url), max_tries=3)
    join(phone="3331234567", channels=("sms",))
    gateway.state.fail_with = [500, 503, 500]
    assert deliver_all(settings).retried == 1
    [row] = messages()
    assert (row.state, row.tries, row.last_error) == ("queued", 1, "SMS gateway HTTP 500")
    lists.advance(seconds=backoff(1).total_seconds() - 1)
    assert deliver_all(settings).retried == 0  # a second early: not due
    assert len(gateway.state.requests) == 1
    lists.advance(seconds=1)
    assert deliver_all(settings).retried == 1  # second try
    lists.advance(seconds=backoff(2).total_seconds())
    assert backoff(2) == 2 * backoff(1)
    assert deliver_all(settings).failed == 1  # third and last try
    [row] = messages()
    assert (row.state, row.tries) == ("failed", 3)
    lists.advance(days=1)
    assert deliver_all(settings).failed == 0 and len(gateway.state.requests) == 3
    assert gateway.state.delivered == {}


def test_a_refused_request_fails_at_once(lists: Clock, gateway: SmsGateway) -> None:
    join(phone="3331234567", channels=("sms",))
    gateway.state.fail_with = [400]
    assert deliver_all(NotifySettings(sms=sms_settings(gateway.url))).failed == 1
    [row] = messages()
    assert (row.state, row.tries, row.last_error) == ("failed", 1, "SMS gateway HTTP 400")


def test_gateway_unreachable_is_retried(lists: Clock, gateway: SmsGateway) -> None:
    join(phone="3331234567", channels=("sms",))
    url = gateway.url
    gateway.stop()
    assert deliver_all(NotifySettings(sms=sms_settings(url))).retried == 1
    assert messages()[0].last_error.startswith("SMS gateway: ")


def test_landline_gets_no_sms_but_email(lists: Clock, gateway: SmsGateway) -> None:
    result = join(phone="0583 123456", email="casa@example.org", channels=("sms", "email"))
    assert [(m.channel, m.kind) for m in messages()] == [("email", "confirmation")]
    assert result.code
    assert json.loads(messages()[0].params) == {"position": 1}
