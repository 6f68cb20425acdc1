"""Samen's languages and their gettext catalogs (locales/<locale>/LC_MESSAGES).

The catalogs are the one source of truth for every text Samen shows. Keys,
not English sentences, are the message ids ("utter_health_find_gp",
"topic.apply"): the English text lives in the English catalog like any other
translation. Strings that no native speaker has reviewed carry the flag
`unreviewed` in the .po file.
"""
from __future__ import annotations

import functools
import logging
import pathlib

from babel import Locale
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALES_DIR = ROOT / "locales"
DOMAIN = "messages"
FALLBACK = "en"
UNREVIEWED = "unreviewed"

# Contract language code -> catalog directory (a Babel locale identifier).
CATALOGS = {"nl": "nl", "ar": "ar", "ti": "ti", "prs": "fa_AF", "en": "en"}
# Contract language code -> Babel locale for dates, numbers and lists
# (Syrian Arabic month names, Afghan Dari, Eritrean Tigrinya).
FORMAT_LOCALES = {"nl": "nl_NL", "ar": "ar_SY", "ti": "ti_ER", "prs": "fa_AF", "en": "en_GB"}
LANGUAGES = tuple(CATALOGS)

log = logging.getLogger(__name__)


class MissingTranslation(LookupError):
    """A key that no catalog, not even the English one, translates."""


@functools.lru_cache(maxsize=None)
def _translations(lang: str) -> Translations:
    """The compiled catalog (.mo) of a language (`make i18n` compiles them)."""
    return Translations.load(str(LOCALES_DIR), [CATALOGS[lang]], DOMAIN)


def _lookup(lang: str, key: str) -> str | None:
    text = _translations(lang).gettext(key)
    return text if text and text != key else None


def translate(key: str, lang: str) -> tuple[str, str]:
    """(text, language it is in) for a catalog key.

    A key missing from the user's catalog falls back to English and is logged
    (the key, never user text); never returns an empty string or the raw key.
    """
    lang = lang if lang in CATALOGS else FALLBACK
    text = _lookup(lang, key)
    if text is not None:
        return text, lang
    if lang != FALLBACK:
        log.warning("no %s translation for %s: falling back to English", lang, key)
        text = _lookup(FALLBACK, key)
        if text is not None:
            return text, FALLBACK
    raise MissingTranslation(key)


def po_path(lang: str) -> pathlib.Path:
    return LOCALES_DIR / CATALOGS[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def unreviewed_share(lang: str) -> float:
    """Share of the language's translated strings still flagged unreviewed."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle)
    translated = [m for m in catalog if m.id and m.string]
    if not translated:
        return 1.0
    return sum(UNREVIEWED in m.flags for m in translated) / len(translated)


def format_locale(lang: str) -> Locale:
    return Locale.parse(FORMAT_LOCALES.get(lang, FORMAT_LOCALES[FALLBACK]))
