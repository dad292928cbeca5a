"""App-wide messages."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class AdminRequested(Message):
    """Staff asked for the admin screen (hidden gesture or key): the app shows the PIN pad."""


@dataclass
class LanguageChosen(Message):
    """The visitor picked an interface language."""

    language: str
