"""Need pictograms: colour emoji, or plain symbols that every terminal font has."""

from __future__ import annotations

PICTOGRAM_MODES = ("emoji", "text", "none")

# Emoji of the bundled needs -> a symbol of the Basic Multilingual Plane (DejaVu has them all).
PLAIN: dict[str, str] = {
    "💬": "ℹ",
    "🍼": "♡",
    "🤝": "⚖",
    "💛": "♥",
    "🧸": "☺",
    "📚": "✎",
    "🏡": "⌂",
    "🔗": "⇄",
}


def pictogram(icon: str, mode: str) -> str:
    """The icon to show: as written ("emoji"), a plain symbol or nothing ("text"), or ""."""
    if mode == "none" or not icon:
        return ""
    if mode == "text":
        plain = PLAIN.get(icon, icon)
        return plain if all(ord(char) <= 0xFFFF for char in plain) else ""
    return icon
