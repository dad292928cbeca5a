"""The bundled content's ages filter: "Per chi?" narrows the services to those really meant."""

from __future__ import annotations

import datetime as dt

import yaml

from kiosk import catalogue
from kiosk.config import BUNDLED_CONTENT_DIR
from kiosk.sync import sync_directory

TODAY = dt.date(2026, 11, 23)


def front_matter(slug: str) -> dict[str, object]:
    text = (BUNDLED_CONTENT_DIR / "services" / f"{slug}.md").read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert isinstance(data, dict)
    return data


def slugs(age_group: str) -> set[str]:
    return {card.slug for card in catalogue.find_services("it", age_group=age_group, today=TODAY)}


def test_babies_do_not_get_the_adults_services(db: str) -> None:
    sync_directory(BUNDLED_CONTENT_DIR)
    everything = {card.slug for card in catalogue.find_services("it", today=TODAY)}
    babies = slugs("0-3")
    assert {"percorso-nascita", "spazi-gioco", "sportello-informativo"} <= babies
    adults_only = {"mediazione-familiare", "adozioni-e-affidi"}
    assert not babies & adults_only, "services for adults still show for children 0-3"
    assert "sostegno-allo-studio-bes-dsa" not in babies  # school age only
    assert len(babies) < len(everything) - 2
    assert adults_only <= slugs("adulti")
    assert "spazi-gioco" not in slugs("adulti")


def test_children_ages_with_adult_groups_only_where_flagged_for_review() -> None:
    for path in sorted((BUNDLED_CONTENT_DIR / "services").glob("*.md")):
        if path.name.count(".") > 1:
            continue  # translations carry no ages
        data = front_matter(path.stem)
        groups = set(data.get("age_groups") or [])  # type: ignore[call-overload]
        max_age = data.get("max_age")
        childrens = isinstance(max_age, int | float) and max_age < 18
        if childrens and groups & {"adulti", "over-65"}:
            assert data.get("needs_review") is True, f"{path.name}: children's ages and adults"
            assert "Età:" in str(data.get("review_note")), f"{path.name}: say what to verify"
