"""The seven comuni: the services layer narrows to "Il mio comune" (SQLite and PostgreSQL),
the kiosk's own comune comes from its settings, usage counts a comune only by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import catalogue, usage
from kiosk.comuni import comune_of_kiosk
from kiosk.config import ConfigError, load_settings
from kiosk.models import Service, ServiceComune
from kiosk.sync import sync_directory
from tests.support.visitor import write_service


def _add_services(content: Path) -> None:
    write_service(
        content,
        "doposcuola-colline",
        """
        name: "Doposcuola delle colline"
        summary: "Aiuto nei compiti il pomeriggio"
        needs: [scuola-studio]
        comune: [Montecarlo, Porcari]
        """,
    )
    write_service(
        content,
        "ludoteca-senza-sede",
        """
        name: "Ludoteca itinerante"
        summary: "Giochi per bambini, la sede cambia"
        needs: [scuola-studio]
        """,
    )


def _slugs(cards: list[object]) -> set[str]:
    return {str(getattr(c, "slug", "")) for c in cards}


def test_a_family_sees_what_is_offered_in_its_comune_or_in_all(db: str, content_dir: Path) -> None:
    _add_services(content_dir)
    sync_directory(content_dir)
    rows = ServiceComune.select(ServiceComune.comune).join(Service)
    stored = {r.comune for r in rows.where(Service.slug == "doposcuola-colline")}
    assert stored == {"Porcari", "Montecarlo"}
    assert {r.comune for r in rows.where(Service.slug == "serd")} == {"tutti"}
    everyone = _slugs(catalogue.find_services("it", need="scuola-studio"))
    porcari = _slugs(catalogue.find_services("it", need="scuola-studio", comune="Porcari"))
    lucca = _slugs(catalogue.find_services("it", need="scuola-studio", comune="Lucca"))
    # the centre's study support serves the whole Piana; a service that does not say where
    # it is offered is never hidden for lack of that fact
    assert everyone == {"sostegno-allo-studio-bes-dsa", "doposcuola-colline", "ludoteca-senza-sede"}
    assert porcari == everyone
    assert lucca == {"sostegno-allo-studio-bes-dsa", "ludoteca-senza-sede"}
    # the library is in Lucca only; the job centre's sources do not name Pescaglia
    assert "biblioteca-agora-fuori-le-mura" in _slugs(
        catalogue.find_services("it", need="servizi-territorio", comune="Lucca")
    )
    pescaglia = _slugs(catalogue.find_services("it", need="servizi-territorio", comune="Pescaglia"))
    assert {"biblioteca-agora-fuori-le-mura", "centro-per-l-impiego"}.isdisjoint(pescaglia)
    assert {"consultorio-familiare", "serd", "centro-affidi"} <= pescaglia


def test_search_and_tile_counts_follow_the_comune(db: str, content_dir: Path) -> None:
    _add_services(content_dir)
    sync_directory(content_dir)
    assert catalogue.search_services("it", "doposcuola", comune="Montecarlo").total == 1
    found = catalogue.search_services("it", "doposcuola", comune="Lucca")
    assert (found.total, found.cards) == (0, ())
    (card,) = catalogue.search_services("it", "doposcuola").cards
    assert card.comune == "Porcari, Montecarlo"  # as a card shows it, in the order of the seven
    whole = {n.slug: n.service_count for n in catalogue.list_needs("it")}
    villa = {n.slug: n.service_count for n in catalogue.list_needs("it", comune="Villa Basilica")}
    assert whole["scuola-studio"] - villa["scuola-studio"] == 1  # the hills' after-school
    assert whole["servizi-territorio"] - villa["servizi-territorio"] == 1  # the library
    ages = {g.slug: g.service_count for g in catalogue.list_age_groups("it", comune="Lucca")}
    assert ages == {g.slug: g.service_count for g in catalogue.list_age_groups("it")}


@pytest.mark.parametrize(
    ("kiosk_id", "comune"),
    [
        ("cpf-capannori", "Capannori"),
        ("cpf-villa-basilica", "Villa Basilica"),
        ("Villa_Basilica", "Villa Basilica"),
        ("cpf-lucca-2", "Lucca"),
        ("sportello-1", None),
        ("cpf-pisa", None),
    ],
)
def test_the_kiosk_id_names_its_comune(kiosk_id: str, comune: str | None) -> None:
    assert comune_of_kiosk(kiosk_id) == comune
    assert load_settings({"KIOSK_ID": kiosk_id}).comune == (comune or "")


def test_kiosk_comune_setting_overrides_the_site_or_turns_the_hint_off() -> None:
    assert load_settings({"KIOSK_ID": "cpf-lucca", "KIOSK_COMUNE": "porcari"}).comune == "Porcari"
    assert load_settings({"KIOSK_ID": "cpf-lucca", "KIOSK_COMUNE": "nessuno"}).comune == ""
    with pytest.raises(
        ConfigError, match=r"KIOSK_COMUNE='Pisa': scrivi uno tra Lucca, .*oppure nessuno"
    ):
        load_settings({"KIOSK_COMUNE": "Pisa"})


def test_usage_counts_a_comune_by_its_name_only(db: str) -> None:
    usage.record("comune", "villa-basilica", "it", "cpf-lucca")
    usage.record("search_need", "scuola-studio", "it", "cpf-lucca")
    with pytest.raises(ValueError, match="seven comuni"):
        usage.record("comune", "via-roma-3", "it", "cpf-lucca")  # never an address or text
    with pytest.raises(ValueError, match="not a slug"):
        usage.record("search_need", "compiti di matematica", "it", "cpf-lucca")
