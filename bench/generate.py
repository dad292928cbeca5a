"""Write a content folder with N valid generated services (Italian + English) and some events.

    python bench/generate.py 1000 /tmp/content-1000 [--events 50]

The needs, age groups and office come from the bundled content; the generated files pass
`kiosk content check`. Words are drawn from a fixed vocabulary with a fixed seed, so two runs
write the same files and a search word matches a predictable share of the services.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "kiosk" / "content"
NEEDS = [
    "informazioni",
    "nascita",
    "relazioni-familiari",
    "sostegno-genitori",
    "gioco-tempo-libero",
    "scuola-studio",
    "adozione-affido",
    "servizi-territorio",
]
AGE_GROUPS = ["attesa", "0-3", "3-6", "6-11", "11-14", "14-17", "adulti", "over-65"]
COMUNI = [
    "Lucca", "Capannori", "Altopascio", "Porcari", "Montecarlo", "Pescaglia", "Villa Basilica",
]  # fmt: skip
WORDS_IT = [
    "laboratorio", "gioco", "lettura", "musica", "teatro", "sostegno", "ascolto", "compiti",
    "nascita", "genitori", "nonni", "ragazzi", "bambini", "famiglie", "mediazione", "affido",
    "adozione", "consulenza", "sport", "natura", "cucina", "lingua", "italiano", "orientamento",
    "lavoro", "scuola", "psicologo", "educatore", "incontro", "gruppo", "città", "biblioteca",
]  # fmt: skip
WORDS_EN = [
    "workshop", "play", "reading", "music", "theatre", "support", "listening", "homework",
    "birth", "parents", "grandparents", "teenagers", "children", "families", "mediation",
    "fostering", "adoption", "advice", "sport", "nature", "cooking", "language", "italian",
    "guidance", "work", "school", "psychologist", "educator", "meeting", "group", "city", "library",
]  # fmt: skip


def _phrase(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _service(i: int, rng: random.Random, need: str | None = None) -> tuple[str, str, str]:
    slug = f"servizio-{i:05d}"
    picks = rng.sample(range(len(WORDS_IT)), 3)
    title_it = " ".join(WORDS_IT[p] for p in picks).capitalize()
    title_en = " ".join(WORDS_EN[p] for p in picks).capitalize()
    low = rng.randint(0, 12)
    needs = rng.sample(NEEDS, rng.randint(1, 2))
    if need and need not in needs:  # every service under one need: browsing it at scale
        needs[0] = need
    groups = rng.sample(AGE_GROUPS, rng.randint(1, 2))
    italian = f"""---
slug: {slug}
name: "{title_it} {i}"
summary: "Servizio di prova numero {i}: {_phrase(rng, WORDS_IT, 6)}."
needs: [{", ".join(needs)}]
age_groups: [{", ".join(groups)}]
min_age: {low}
max_age: {low + rng.randint(1, 5)}
eligibility: "Famiglie della Piana: {_phrase(rng, WORDS_IT, 5)}."
application_process: "Chiedi allo sportello del Centro per le Famiglie."
fees: "Chiedi allo sportello del Centro per le Famiglie."
comune: {rng.choice(COMUNI)}
schedule: "Chiedi allo sportello del Centro per le Famiglie."
contacts: "Chiedi allo sportello del Centro per le Famiglie."
provider: {{name: "Comune di Lucca", kind: comune}}
assured_date: 2026-11-21
assured_by: "Generatore dei benchmark"
needs_review: true
review_note: "Servizio finto, generato per misurare i tempi."
---
{_phrase(rng, WORDS_IT, 40).capitalize()}.

{_phrase(rng, WORDS_IT, 30).capitalize()}.
"""
    english = f"""---
name: "{title_en} {i}"
summary: "Test service number {i}: {_phrase(rng, WORDS_EN, 6)}."
---
{_phrase(rng, WORDS_EN, 40).capitalize()}.
"""
    return slug, italian, english


def _event(i: int, rng: random.Random, services: int) -> tuple[str, str]:
    slug = f"evento-{i:05d}"
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    linked = f"\nservice: servizio-{rng.randrange(services):05d}" if services else ""
    return (
        slug,
        f"""---
slug: {slug}
title: "{_phrase(rng, WORDS_IT, 3).capitalize()} {i}"
starts_at: "2099-{month:02d}-{day:02d} 16:30"
ends_at: "2099-{month:02d}-{day:02d} 18:00"
place: "Sala {i}"
comune: {rng.choice(COMUNI)}
summary: "Evento di prova numero {i}."{linked}
assured_date: 2026-11-21
assured_by: "Generatore dei benchmark"
needs_review: true
review_note: "Evento finto, generato per misurare i tempi."
---
{_phrase(rng, WORDS_IT, 20).capitalize()}.
""",
    )


def generate(
    count: int, folder: Path, *, events: int = 0, seed: int = 13, need: str | None = None
) -> Path:
    """Write `count` services (each with an English translation) and `events` events; with
    `need`, every service lists that need (one need with `count` services)."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "services").mkdir(parents=True)
    (folder / "events").mkdir()
    for name in ("needs.yaml", "age_groups.yaml", "office.yaml"):
        shutil.copy(BUNDLED / name, folder / name)
    for i in range(count):
        slug, italian, english = _service(i, rng, need)
        (folder / "services" / f"{slug}.md").write_text(italian, encoding="utf-8")
        (folder / "services" / f"{slug}.en.md").write_text(english, encoding="utf-8")
    for i in range(events):
        slug, text = _event(i, rng, count)
        (folder / "events" / f"{slug}.md").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many services")
    parser.add_argument("folder", type=Path, help="where to write (replaced if it exists)")
    parser.add_argument("--events", type=int, default=0, help="how many events (default 0)")
    args = parser.parse_args()
    generate(args.count, args.folder, events=args.events)
    print(f"wrote {args.count} services and {args.events} events to {args.folder}")


if __name__ == "__main__":
    main()
