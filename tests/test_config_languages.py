"""KIOSK_LANGUAGE and KIOSK_LANGUAGES: any visitor language, the offered ones listed, one-line
errors naming the setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.cli_text import render
from kiosk.config import VISITOR_LANGUAGES, ConfigError, load_settings


def test_every_visitor_language_is_offered_by_default() -> None:
    settings = load_settings({})
    assert settings.languages == VISITOR_LANGUAGES == ("it", "en", "fr", "ro", "sq", "uk")


@pytest.mark.parametrize("lang", VISITOR_LANGUAGES)
def test_the_kiosk_may_start_in_any_visitor_language(lang: str) -> None:
    assert load_settings({"KIOSK_LANGUAGE": lang}).language == lang


def test_the_offered_languages_come_from_the_environment_in_order() -> None:
    settings = load_settings({"KIOSK_LANGUAGE": "uk", "KIOSK_LANGUAGES": " uk, IT ,ro"})
    assert settings.languages == ("uk", "it", "ro")
    assert load_settings({"KIOSK_LANGUAGES": ""}).languages == VISITOR_LANGUAGES


def test_the_offered_languages_come_from_a_toml_list_or_string(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('language = "fr"\nlanguages = ["fr", "it", "sq"]\n', encoding="utf-8")
    assert load_settings({"KIOSK_CONFIG": str(config)}).languages == ("fr", "it", "sq")
    config.write_text('languages = "it,en"\n', encoding="utf-8")
    assert load_settings({"KIOSK_CONFIG": str(config)}).languages == ("it", "en")
    config.write_text('languages = ["it", 3]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings({"KIOSK_CONFIG": str(config)})
    assert re.search(r"kiosk.toml: languages=.*language codes", render(caught.value.args[0], "en"))


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"KIOSK_LANGUAGES": "it,de"},
            "KIOSK_LANGUAGES='it,de': 'de' is not one of it, en, fr, ro, sq, uk",
        ),
        (
            {"KIOSK_LANGUAGES": "en,fr"},
            "KIOSK_LANGUAGES: must include the default language language='it'",
        ),
        (
            {"KIOSK_LANGUAGE": "uk", "KIOSK_LANGUAGES": "it,en"},
            "KIOSK_LANGUAGES: must include the default language KIOSK_LANGUAGE='uk'",
        ),
        ({"KIOSK_LANGUAGES": "it,en,it"}, "KIOSK_LANGUAGES='it,en,it': a language is listed twice"),
        ({"KIOSK_LANGUAGES": "it,,en"}, "KIOSK_LANGUAGES='it,,en': '' is not one of"),
        ({"KIOSK_LANGUAGE": "de"}, "KIOSK_LANGUAGE='de': choose one of it, en, fr, ro, sq, uk"),
    ],
)
def test_bad_language_settings_are_one_clear_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    english = render(caught.value.args[0], "en")  # `kiosk --lang en`; Italian by default
    assert message in english
    assert "\n" not in english and "\n" not in str(caught.value)
