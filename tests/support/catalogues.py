"""The committed gettext templates (kiosk/locales/<domain>.pot) as sets of msgids."""

from __future__ import annotations

from babel.messages.pofile import read_po

from kiosk.i18n import LOCALES_DIR


def template_messages(domain: str) -> set[str]:
    """Singular msgids of one template (the singular of a plural pair included)."""
    with (LOCALES_DIR / f"{domain}.pot").open("rb") as source:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(source) if m.id}
