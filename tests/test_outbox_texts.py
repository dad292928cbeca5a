"""The message texts: every one translated, short, in the entry's language, nothing personal."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.i18n import catalog
from kiosk.notify import messages
from kiosk.notify.messages import render
from tests.support.outbox import Clock, entry_of, join

SMS_MAX = 320  # two SMS segments at most


def all_msgids() -> list[str]:
    return [m for texts in messages.TEXTS.values() for m in texts] + [
        messages.CENTRE,
        messages.POSITION,
        messages.FOOTER,
    ]


def test_every_message_has_an_english_translation_from_the_messages_domain() -> None:
    english = catalog("en")
    assert [m for m in all_msgids() if m not in english] == []
    domain = Path(messages.__file__).parents[1] / "locales/en/LC_MESSAGES/messages.po"
    assert domain.is_file()


@pytest.fixture
def lists(db: str, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    from kiosk.sync import sync_directory

    sync_directory(content_dir)  # today: the sources were read before it
    clock = Clock(monkeypatch)
    return clock


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("kind", list(messages.TEXTS))
def test_each_kind_renders_short_and_without_personal_data(
    lists: Clock, kind: str, lang: str
) -> None:
    result = join(name="Zelda", email="zelda@example.org", phone="3331234567", lang=lang)
    entry = entry_of(result.code)
    params = {"position": 3, "until": "2026-11-25T17:00:00", "when": "2026-11-24T15:30:00"}
    sms = render(kind, "sms", lang, entry, params)
    mail = render(kind, "email", lang, entry, params)
    for text in (sms.body, mail.subject, mail.body):
        assert "Zelda" not in text and "zelda" not in text and "3331234567" not in text
        assert "{" not in text
    assert result.code in sms.body and result.code in mail.body
    assert len(sms.body) <= SMS_MAX
    if kind == "offer":  # the deadline in the centre's time (UTC 17:00 is 18:00 in Lucca)
        assert "25/11/2026 18:00" in sms.body and "25/11/2026 18:00" in mail.body
    if kind == "reminder":
        assert "24/11/2026 16:30" in mail.body
    name = "Birth pathway" if lang == "en" else "Percorso nascita"
    assert name in mail.subject
