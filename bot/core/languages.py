"""The one list of Samen's languages, and the one rule for which of them a
conversation is in.

Codes are the NLU contract's (../shared/nlu-contract.yml): nl, ar, ti, prs,
en. Everything else about a language (its catalog, its Babel locale, the
Telegram codes that mean it, its script and direction, its digits) is looked
up here, not written again elsewhere.
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Language:
    code: str                 # the contract's code
    catalog: str              # gettext catalog directory under locales/
    locale: str               # Babel locale for dates, numbers and lists
    telegram: tuple           # Telegram language_code prefixes that mean it
    script: str               # "latin", "arabic" or "ethiopic"
    rtl: bool                 # written right to left
    digits: str | None        # the digits its readers use, when not 0-9
    endonym: str              # its name in itself (language picker)
    name_en: str
    date_pattern: str = "long"   # Babel's long format, or a pattern where readers expect another


# Syrian Arabic month names, Afghan Dari with Persian digits, Eritrean Tigrinya.
REGISTRY = {language.code: language for language in (
    Language("nl", "nl", "nl_NL", ("nl",), "latin", False, None, "Nederlands", "Dutch"),
    Language("ar", "ar", "ar_SY", ("ar",), "arabic", True, "٠١٢٣٤٥٦٧٨٩", "العربية", "Arabic"),
    # Eritrean readers write the day first ("18 ነሓሰ 2025"); CLDR's long format puts the month first.
    Language("ti", "ti", "ti_ER", ("ti",), "ethiopic", False, None, "ትግርኛ", "Tigrinya", "d MMMM y"),
    # Dari users' phones usually say "fa"; "prs" where the system knows Dari.
    Language("prs", "fa_AF", "fa_AF", ("prs", "fa"), "arabic", True, "۰۱۲۳۴۵۶۷۸۹", "دری", "Dari"),
    Language("en", "en", "en_GB", ("en",), "latin", False, None, "English", "English"),
)}
CODES = tuple(REGISTRY)
FALLBACK = "en"


def get(code: str | None) -> Language:
    """The language of a code; unknown codes get the fallback's."""
    return REGISTRY.get(code or "", REGISTRY[FALLBACK])


def from_telegram(code: str | None) -> str | None:
    """Samen's language for a Telegram language_code ("fa-IR" -> "prs"), or None."""
    prefix = (code or "").split("-")[0].split("_")[0].lower()
    return next((language.code for language in REGISTRY.values() if prefix in language.telegram), None)


def conversation_language(kept: str | None = None, detected: str | None = None,
                          hint: str | None = None) -> str:
    """The language to speak in: the conversation's own (kept in its slot, or
    learnt from Samen's last reply), else the language of the user's message,
    else the channel's hint (the language of the user's Telegram app), else
    English. Every process answers with this one rule."""
    for candidate in (kept, detected, hint):
        if candidate in REGISTRY:
            return candidate
    return FALLBACK
