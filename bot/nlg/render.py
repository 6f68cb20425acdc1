"""Render a response in the conversation's language.

Plain functions over the tracker state that Rasa sends to the NLG endpoint:
which language, which catalog key (Belgian, family-member or other variant),
the named placeholders filled with figures and dates formatted by
Babel for the user's locale, translated button titles, and the once-per-
conversation notice when the language's answers are not yet reviewed.
"""
from __future__ import annotations

import logging
import string

from babel.dates import format_date, format_interval
from babel.numbers import format_decimal

from bot import i18n
from bot.geo.gazetteer import default_gazetteer
from bot.nlg.content import Content, Response, load
from bot.nlu.postcode import find_postcode

log = logging.getLogger(__name__)


def N_(key: str) -> str:
    """Marks a catalog key for extraction (`make i18n`) without translating it."""
    return key


NOTICE = N_("notice.unreviewed")
COUNTRY_NAMES = {"nl": "country.nl", "be": "country.be"}
# Locales that write numbers in their own digits (Babel formats, but keeps ASCII digits).
_NATIVE_DIGITS = {"ar": "٠١٢٣٤٥٦٧٨٩", "prs": "۰۱۲۳۴۵۶۷۸۹"}


def conversation_language(slots: dict, latest_message: dict | None) -> str:
    """The language to answer in: the conversation's (slot), else the
    language detected in the last message, else English."""
    language = slots.get("language")
    if language in i18n.LANGUAGES:
        return language
    guess = ((latest_message or {}).get("language") or {}).get("name")
    return guess if guess in i18n.LANGUAGES else i18n.FALLBACK


def catalog_key(response: Response, slots: dict, latest_message: dict | None = None) -> str:
    """The catalog key for this conversation: a variant where the country,
    the role, or a place the last message did not name, changes the answer."""
    variants = response.variants
    if slots.get("country") == "be" and "be" in variants:
        return variants["be"]
    if slots.get("role") == "family" and "family" in variants:
        return variants["family"]
    if "no_country" in variants and slots.get("country") not in COUNTRY_NAMES:
        return variants["no_country"]
    if "no_municipality" in variants:
        entities = (latest_message or {}).get("entities") or []
        named = any(e.get("entity") == "municipality" for e in entities)
        from_postcode = bool(find_postcode((latest_message or {}).get("text"))) and slots.get("municipality")
        if not (named or from_postcode):
            return variants["no_municipality"]
    return response.catalog


def localise_digits(text: str, lang: str) -> str:
    digits = _NATIVE_DIGITS.get(lang)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


class Renderer:
    """Renders responses; holds only read-only content (safe to share)."""

    def __init__(self, content: Content | None = None):
        self.content = content or load()
        self.gazetteer = default_gazetteer()

    def text(self, key: str, lang: str, values: dict) -> tuple[str, str]:
        """A catalog text with its named placeholders filled; (text, language)."""
        template, used = i18n.translate(key, lang)
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        filled = {name: self._value(name, used, values) for name in names}
        return template.format(**filled), used

    def _value(self, name: str, lang: str, values: dict) -> str:
        locale = i18n.format_locale(lang)
        content = self.content
        if name in values:
            return values[name]
        if name in content.numbers:
            return localise_digits(format_decimal(content.numbers[name], locale=locale), lang)
        if name in content.dates:
            return localise_digits(format_date(content.dates[name], "long", locale=locale), lang)
        if name == "gp_hours":
            start, end = content.gp_hours
            return localise_digits(format_interval(start, end, "Hm", locale=locale), lang)
        if name == "checked":
            return localise_digits(format_date(content.checked, "long", locale=locale), lang)
        if name in content.links:
            return content.links[name]
        raise KeyError(f"no value for placeholder {{{name}}}")

    def render(self, name: str, tracker: dict, arguments: dict | None = None) -> dict:
        """The message for response `name`, as Rasa's NLG endpoint returns it."""
        arguments = arguments or {}
        slots = tracker.get("slots") or {}
        latest = tracker.get("latest_message") or {}
        lang = conversation_language(slots, latest)
        response = self.content.responses[name]
        key = catalog_key(response, slots, latest)
        values = self._conversation_values(name, lang, slots, latest, arguments)
        text, used = self.text(key, lang, values)
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        if slots.get("review_notice") == lang and not arguments.get("more_follows"):
            text = f"{text}\n\n{self.text(NOTICE, lang, {})[0]}"
        buttons = [
            {"title": i18n.translate(button["title"], lang)[0], "payload": button["payload"]}
            for button in response.buttons
        ]
        if used != lang:
            log.warning("%s rendered in %s instead of %s", key, used, lang)
        return {"text": text, "buttons": buttons, "image": None, "elements": [], "attachment": None}

    def _conversation_values(self, name, lang, slots, latest, arguments) -> dict:
        values = {}
        code = slots.get("municipality")
        if code and (municipality := self.gazetteer.get(code)):
            values["municipality"] = municipality.display_name(lang)
        if slots.get("country") in COUNTRY_NAMES:
            values["country"] = i18n.translate(COUNTRY_NAMES[slots["country"]], lang)[0]
        if name == "utter_source":
            answered = self.content.responses[arguments["answer"]]
            key = catalog_key(answered, slots, latest)
            # One link per line: a list joined with Babel's "and" (Arabic و, Tigrinya ን)
            # would glue words onto the URLs and break them.
            values["links"] = "\n" + "\n".join(self.content.sources[key])
        return values


SOURCED = ("utter_reunification_", "utter_residence_permit", "utter_health_")
SETTLING = ("utter_find_local_service", "utter_money_debt", "utter_school_children",
            "utter_language_integration", "utter_housing", "utter_family_support")


def source_keys(content: Content) -> set:
    """Responses about the procedure and health care: each is followed by its
    sources (the emergency answer names its source itself)."""
    return {name for name in content.responses
            if name.startswith(SOURCED) and name != "utter_health_emergency"}


def settling_keys(content: Content) -> set:
    """Settling-in responses, also followed by their sources."""
    return {name for name in content.responses if name in SETTLING}


def catalog_keys_of(content: Content, names: set) -> set:
    """The catalog keys (variants included) of some responses."""
    return {key for name in names
            for key in (content.responses[name].catalog, *content.responses[name].variants.values())}
