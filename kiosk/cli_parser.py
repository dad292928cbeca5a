"""argparse in the operator's language: its headings, `-h` and `--lang` on every command."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any

from kiosk.cli_text import LANGUAGES, _


def lang_flag(argv: Sequence[str]) -> str | None:
    """The value of `--lang` wherever it stands in `argv` (the last one wins), or None.

    Read before argparse runs, so that the help and the errors are already in that language.
    """
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with the usage line's prefix in the operator's language."""

    usage_prefix = "usage: "

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        # argparse passes prefix="" when it builds a subcommand's name: keep that one empty.
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (headings, -h, errors) follow the operator's language."""

    def __init__(self, *args: Any, lang: str = "it", **kwargs: Any) -> None:
        self.lang = lang
        prefix = _("uso: ").render(lang)
        formatter = type("Formatter", (HelpFormatter,), {"usage_prefix": prefix})
        kwargs.setdefault("formatter_class", formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("argomenti").render(lang)
        self._optionals.title = _("opzioni").render(lang)
        self.add_argument(
            "-h", "--help", action="help", help=_("mostra questo aiuto ed esce").render(lang)
        )

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction[Any]:
        kwargs.setdefault("parser_class", functools.partial(Parser, lang=self.lang))
        kwargs.setdefault("title", _("comandi").render(self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> Any:  # -> NoReturn in typeshed
        self.print_usage()
        text = _("{prog}: errore: {message}", prog=self.prog, message=message).render(self.lang)
        self.exit(2, text + "\n")


def add_lang_everywhere(parser: argparse.ArgumentParser, lang: str, top: bool = True) -> None:
    """`--lang` on the command and on every subcommand (`kiosk content check --lang en`)."""
    help_ = _("lingua dei messaggi: it (predefinita) o en; altrimenti da LANG").render(lang)
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help=help_,
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                add_lang_everywhere(sub, lang, top=False)
