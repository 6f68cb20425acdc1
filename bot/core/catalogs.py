"""Samen's gettext catalogs (locales/<catalog>/LC_MESSAGES): the one source
of truth for every text Samen shows.

Keys, not English sentences, are the message ids ("utter_health_find_gp",
"topic.apply"): the English text lives in the English catalog like any other
translation. Strings that no native speaker has reviewed carry the flag
`unreviewed` in the .po file.
"""
from __future__ import annotations

import functools
import logging
import pathlib

from babel.messages.pofile import read_po
from babel.support import Translations

from bot.core import languages

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALES_DIR = ROOT / "locales"
DOMAIN = "messages"
UNREVIEWED = "unreviewed"

log = logging.getLogger(__name__)


def N_(key: str) -> str:
    """Marks a catalog key for extraction (`make i18n`) without translating it."""
    return key


def NP_(key: str, plural_key: str) -> str:
    """Marks a catalog key with plural forms (msgid `key`, msgid_plural
    `plural_key`, which must be `key + ".plural"`) for extraction."""
    return key


class MissingTranslation(LookupError):
    """A key that no catalog, not even the English one, translates."""


@functools.lru_cache(maxsize=None)
def _translations(lang: str) -> Translations:
    """The compiled catalog (.mo) of a language (`make catalogs` compiles them)."""
    return Translations.load(str(LOCALES_DIR), [languages.get(lang).catalog], DOMAIN)


def _lookup(lang: str, key: str) -> str | None:
    text = _translations(lang).gettext(key)
    return text if text and text != key else None


def translate(key: str, lang: str) -> tuple[str, str]:
    """(text, language it is in) for a catalog key.

    A key missing from the user's catalog falls back to English and is logged
    (the key, never user text); never returns an empty string or the raw key.
    """
    lang = lang if lang in languages.REGISTRY else languages.FALLBACK
    text = _lookup(lang, key)
    if text is not None:
        return text, lang
    if lang != languages.FALLBACK:
        log.warning("no %s translation for %s: falling back to English", lang, key)
        text = _lookup(languages.FALLBACK, key)
        if text is not None:
            return text, languages.FALLBACK
    raise MissingTranslation(key)


def text(key: str, lang: str) -> str:
    """The text of a key in `lang` (or English, see translate)."""
    return translate(key, lang)[0]


def ngettext(key: str, count: int, lang: str) -> str:
    """The plural form of `key` for `count` in `lang` (catalog entries with
    msgid `key` and msgid_plural `key.plural`), falling back to English."""
    for candidate in dict.fromkeys((lang if lang in languages.REGISTRY else languages.FALLBACK,
                                    languages.FALLBACK)):
        form = _translations(candidate).ngettext(key, f"{key}.plural", count)
        if form not in (key, f"{key}.plural"):
            return form
    raise MissingTranslation(key)


def po_path(lang: str) -> pathlib.Path:
    return LOCALES_DIR / languages.get(lang).catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def unreviewed_share(lang: str) -> float:
    """Share of the language's translated strings still flagged unreviewed."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle)
    translated = [m for m in catalog if m.id and m.string]
    if not translated:
        return 1.0
    return sum(UNREVIEWED in m.flags for m in translated) / len(translated)
