"""The kiosk's own colours: a lobby theme and a high-contrast one (WCAG 2.2 AA and AAA text)."""

from __future__ import annotations

from textual.theme import Theme

LOBBY = "cpf-lobby"
HIGH_CONTRAST = "cpf-contrast"

# Colour pairs the screens use, as (foreground, background) theme variables. Text pairs need
# 4.5:1 (7:1 in high contrast); edges of controls and focus marks need 3:1 against what
# surrounds them. tests/test_theme_contrast.py checks every pair in both themes.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("text", "panel"),
    ("text", "boost"),
    ("text-muted", "background"),
    ("text-muted", "surface"),
    ("text-muted", "panel"),
    ("accent", "background"),
    ("accent", "surface"),
    ("text-accent", "background"),
    ("text-accent", "surface"),
    ("success", "background"),
    ("text-success", "background"),
    ("text-success", "surface"),
    ("warning", "background"),
    ("error", "background"),
    ("text-error", "background"),
    ("text-error", "error-muted"),
    ("kiosk-control-text", "kiosk-control"),
    ("kiosk-primary-text", "kiosk-primary"),
    ("kiosk-primary-text", "primary"),
    ("kiosk-control-text", "primary-muted"),
    ("kiosk-input-text", "kiosk-input"),
    ("kiosk-placeholder", "kiosk-input"),
    ("kiosk-selection-text", "kiosk-selection"),
)
EDGE_PAIRS: tuple[tuple[str, str], ...] = (
    # buttons, tiles and keys against the screen, the nav bar and the keyboard's panel
    ("kiosk-control", "background"),
    ("kiosk-control", "panel"),
    ("kiosk-control", "surface"),
    ("kiosk-primary", "background"),
    ("kiosk-primary", "panel"),
    # keys touch each other (and "Avanti" touches them): their edge tells them apart
    ("kiosk-control-edge", "kiosk-control"),
    ("kiosk-control-edge", "kiosk-primary"),
    # inputs: the edge against the screen; the focus mark against the screen, the box and
    # the unfocused edge (the change must show)
    ("kiosk-input-edge", "background"),
    ("kiosk-input-edge", "panel"),
    ("kiosk-focus", "background"),
    ("kiosk-focus", "kiosk-input"),
    ("kiosk-focus", "kiosk-input-edge"),
    # scroll position
    ("kiosk-scroll-thumb", "kiosk-scroll-track"),
    ("kiosk-scroll-thumb", "background"),
    # frames of notices and dialogs
    ("accent", "background"),
    ("warning", "background"),
    ("success", "background"),
    ("error", "background"),
)


def _theme(name: str, colours: dict[str, str]) -> Theme:
    variables = {key: value for key, value in colours.items() if key not in _BASE}
    # Textual's own variables, from ours: scrollbars, input frames and selection.
    variables |= {
        "scrollbar": colours["kiosk-scroll-thumb"],
        "scrollbar-hover": colours["kiosk-scroll-thumb"],
        "scrollbar-active": colours["kiosk-focus"],
        "scrollbar-background": colours["kiosk-scroll-track"],
        "scrollbar-background-hover": colours["kiosk-scroll-track"],
        "scrollbar-background-active": colours["kiosk-scroll-track"],
        "scrollbar-corner-color": colours["kiosk-scroll-track"],
        "border": colours["kiosk-focus"],
        "border-blurred": colours["kiosk-input-edge"],
        "input-selection-background": colours["kiosk-selection"],
        "input-cursor-background": colours["kiosk-input-text"],
        "input-cursor-foreground": colours["kiosk-input"],
        "footer-background": colours["panel"],
    }
    return Theme(
        name=name,
        primary=colours["primary"],
        secondary=colours["secondary"],
        accent=colours["accent"],
        warning=colours["warning"],
        error=colours["error"],
        success=colours["success"],
        foreground=colours["foreground"],
        background=colours["background"],
        surface=colours["surface"],
        panel=colours["panel"],
        boost=colours["boost"],
        dark=True,
        variables=variables,
    )


_BASE = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


# Deep blue lobby, light keys: buttons read as buttons from across the room.
LOBBY_COLOURS: dict[str, str] = {
    "primary": "#FFC845",
    "secondary": "#9CC3E6",
    "accent": "#FFC845",
    "warning": "#FFB454",
    "error": "#FF9A9A",
    "success": "#7EE2A8",
    "foreground": "#FFFFFF",
    "background": "#0F2133",
    "surface": "#16304A",
    "panel": "#1C3A58",
    "boost": "#16304A",
    "text": "#FFFFFF",
    "text-muted": "#C9D6E3",
    "text-disabled": "#9FB2C4",
    "text-accent": "#FFD878",
    "text-success": "#8FEAB6",
    "text-error": "#FFB0B0",
    "text-warning": "#FFC878",
    "text-primary": "#FFD878",
    "error-muted": "#4A1620",
    "primary-muted": "#E3ECF4",
    "kiosk-control": "#E3ECF4",
    "kiosk-control-text": "#0F2133",
    "kiosk-control-edge": "#0F2133",
    "kiosk-primary": "#FFC845",
    "kiosk-primary-text": "#0F2133",
    "kiosk-input": "#FFFFFF",
    "kiosk-input-text": "#0F2133",
    "kiosk-placeholder": "#4F6478",
    "kiosk-input-edge": "#C9D6E3",
    "kiosk-focus": "#1F66D1",
    "kiosk-selection": "#1F66D1",
    "kiosk-selection-text": "#FFFFFF",
    "kiosk-scroll-thumb": "#E3ECF4",
    "kiosk-scroll-track": "#2E4D6B",
}

# Black and white with yellow: text at 7:1 or more everywhere.
HIGH_CONTRAST_COLOURS: dict[str, str] = {
    "primary": "#FFFF00",
    "secondary": "#FFFFFF",
    "accent": "#FFFF00",
    "warning": "#FFFF00",
    "error": "#FF8C8C",
    "success": "#66FF99",
    "foreground": "#FFFFFF",
    "background": "#000000",
    "surface": "#000000",
    "panel": "#000000",
    "boost": "#000000",
    "text": "#FFFFFF",
    "text-muted": "#E6E6E6",
    "text-disabled": "#BFBFBF",
    "text-accent": "#FFFF00",
    "text-success": "#66FF99",
    "text-error": "#FF9C9C",
    "text-warning": "#FFFF00",
    "text-primary": "#FFFF00",
    "error-muted": "#000000",
    "primary-muted": "#FFFFFF",
    "kiosk-control": "#FFFFFF",
    "kiosk-control-text": "#000000",
    "kiosk-control-edge": "#000000",
    "kiosk-primary": "#FFFF00",
    "kiosk-primary-text": "#000000",
    "kiosk-input": "#000000",
    "kiosk-input-text": "#FFFFFF",
    "kiosk-placeholder": "#D9D9D9",
    "kiosk-input-edge": "#8C8C8C",
    "kiosk-focus": "#FFFF00",
    "kiosk-selection": "#FFFF00",
    "kiosk-selection-text": "#000000",
    "kiosk-scroll-thumb": "#FFFFFF",
    "kiosk-scroll-track": "#4D4D4D",
}

THEMES = (_theme(LOBBY, LOBBY_COLOURS), _theme(HIGH_CONTRAST, HIGH_CONTRAST_COLOURS))

KIOSK_VARIABLE_DEFAULTS = {
    name: value for name, value in LOBBY_COLOURS.items() if name.startswith("kiosk-")
}
"""Our variables under any other theme (tests and `--dev` may switch to Textual's own)."""
