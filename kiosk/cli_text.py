"""What the `kiosk` command says: Italian by default, English on request, translated late.

The operator's language comes from `--lang`, else from the environment as gettext reads it
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG: the first one set wins). Messages built where the
language is not known yet (the content checker, configuration errors) are `Msg` objects: an
Italian string that remembers its msgid and arguments, so the command can print it in the
operator's language. The msgids live in the `cli` catalogue domain.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from kiosk.i18n import SOURCE_LANGUAGE, translate, translate_plural

LANGUAGES = ("it", "en")
"""Languages the command speaks (the staff languages)."""

ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _code(value: str) -> str:
    """'en_GB.UTF-8' -> 'en'; 'C.UTF-8' -> 'c'."""
    return value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The operator's language from the locale variables; Italian when none names English."""
    env = os.environ if environ is None else environ
    for name in ENV_ORDER:
        value = env.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":  # a preference list: the first language we speak wins
            known = [_code(v) for v in value.split(":") if _code(v) in LANGUAGES]
            if known:
                return known[0]
            continue
        code = _code(value)
        return code if code in LANGUAGES else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def choose_language(flag: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`--lang` when given (and known), else the environment's language."""
    if flag:
        code = _code(flag)
        if code in LANGUAGES:
            return code
    return language_from_environment(environ)


class Msg(str):
    """An Italian message that can be shown again in another language (`render`).

    Arguments that are themselves `Msg` are rendered in the same language.
    """

    __slots__ = ("args", "msgid", "number", "plural")
    msgid: str
    plural: str
    number: int | None
    args: tuple[tuple[str, object], ...]

    def __new__(
        cls,
        msgid: str,
        /,
        *,
        plural: str = "",
        number: int | None = None,
        args: Mapping[str, object] | None = None,
    ) -> Msg:
        values = dict(args or {})
        if number is not None:
            values.setdefault("count", number)
        template = msgid if number is None or number == 1 or not plural else plural
        self = super().__new__(cls, template.format(**values))
        self.msgid, self.plural, self.number = msgid, plural, number
        self.args = tuple(values.items())
        return self

    def render(self, lang: str) -> str:
        """This message in `lang` (Italian when the catalogue has no translation)."""
        if lang == SOURCE_LANGUAGE:
            return str(self)
        if self.number is not None and self.plural:
            template = translate_plural(lang, self.msgid, self.plural, self.number)
        else:
            template = translate(lang, self.msgid)
        values = {k: render(v, lang) if isinstance(v, Msg) else v for k, v in self.args}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the Italian stands
            return str(self)


def _(msgid: str, /, **args: object) -> Msg:
    """A message (Italian msgid, `{name}` placeholders filled from `args`), translated late."""
    return Msg(msgid, args=args)


def ngettext(singular: str, plural: str, count: int, /, **args: object) -> Msg:
    """A message with singular and plural forms, chosen by `count` (also `{count}`)."""
    return Msg(singular, plural=plural, number=count, args=args)


def render(text: str, lang: str) -> str:
    """`text` in `lang` when it is a `Msg`; other text as it is."""
    return text.render(lang) if isinstance(text, Msg) else str(text)


class _Joined(Msg):
    """Messages (or plain texts) joined by a separator, each rendered in the same language."""

    __slots__ = ("parts", "sep")
    parts: tuple[str, ...]
    sep: str

    def __new__(cls, parts: tuple[str, ...], sep: str) -> _Joined:
        self = str.__new__(cls, sep.join(parts))
        self.msgid, self.plural, self.number, self.args = "", "", None, ()
        self.parts, self.sep = parts, sep
        return self

    def render(self, lang: str) -> str:
        return self.sep.join(render(part, lang) for part in self.parts)


def joined(parts: list[str] | tuple[str, ...], sep: str = ", ") -> Msg:
    """`parts` joined by `sep`, still translatable part by part."""
    return _Joined(tuple(parts), sep)
