"""Render a response in the conversation's language.

Plain functions over the tracker state that Rasa sends to the NLG endpoint:
which language, which catalog key (Belgian, family-member or other variant),
the named placeholders filled with figures, durations and dates formatted
for the user's locale, translated button titles, and the once-per-
conversation notice when the language's answers are not yet reviewed. The
text is returned in its final form for its reader (right-to-left isolation).
"""
from __future__ import annotations

import datetime
import logging
import string

from bot.core import catalogs, formatting, languages
from bot.core.catalogs import N_
from bot.geo.gazetteer import default_gazetteer
from bot.nlg.content import Content, Response, load_content
from bot.timeline.calendars import format_date, format_period

log = logging.getLogger(__name__)

NOTICE = N_("notice.unreviewed")
COUNTRY_NAMES = {"nl": "country.nl", "be": "country.be"}


def tracker_language(slots: dict, latest_message: dict | None) -> str:
    """The conversation's language (core.languages.conversation_language) from
    the state Rasa sends: its slot, else the language of the last message."""
    detected = ((latest_message or {}).get("language") or {}).get("name")
    return languages.conversation_language(slots.get("language"), detected)


def catalog_key(response: Response, slots: dict) -> str:
    """The catalog key for this conversation: a variant where the country,
    the role, or a place the last message did not name, changes the answer."""
    variants = response.variants
    if slots.get("country") == "be" and "be" in variants:
        return variants["be"]
    if slots.get("role") == "family" and "family" in variants:
        return variants["family"]
    if "no_country" in variants and slots.get("country") not in COUNTRY_NAMES:
        return variants["no_country"]
    if "no_municipality" in variants and not slots.get("place_heard"):
        # The action server found no municipality in this message (name,
        # postcode, shared location or deep link: actions/slots.py).
        return variants["no_municipality"]
    return response.catalog


class Renderer:
    """Renders responses; holds only read-only content (safe to share)."""

    def __init__(self, content: Content | None = None):
        self.content = content or load_content()
        self.gazetteer = default_gazetteer()

    def text(self, key: str, lang: str, values: dict) -> tuple[str, str]:
        """A catalog text with its named placeholders filled; (text, language)."""
        template, used = catalogs.translate(key, lang)
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        filled = {name: self._value(name, used, values) for name in names}
        return template.format(**filled), used

    def part(self, part: dict, lang: str) -> tuple[str, str]:
        """One catalog part of a composed message, its values formatted for
        `lang`: dates (ISO) in the user's calendar and digits, periods, days
        as a duration, numbers, texts as catalog keys, names and links verbatim."""
        return self.text(part["key"], lang, part_values(part, lang))

    def title(self, title: dict, lang: str) -> str:
        """A button title: a catalog part, or a period (a date to choose)."""
        if "period" in title:
            return format_period(*map(datetime.date.fromisoformat, title["period"]), lang)
        return self.part(title, lang)[0]

    def composed(self, arguments: dict, lang: str) -> tuple[str, str, list]:
        """(text, language, buttons) of a message made of parts."""
        texts = [self.part(part, lang) for part in arguments.get("parts") or ()]
        used = next((used for _, used in texts if used != lang), lang)
        buttons = [{"title": self.title(choice["title"], lang), "payload": choice["payload"]}
                   for choice in arguments.get("choices") or ()]
        return "\n\n".join(text for text, _ in texts), used, buttons

    def _value(self, name: str, lang: str, values: dict) -> str:
        content = self.content
        if name in values:
            return values[name]
        if name in content.numbers:
            return formatting.number(content.numbers[name], lang)
        if name in content.durations:
            amount, unit = content.durations[name]
            return formatting.duration(amount, unit, lang)
        if name in content.dates:
            return formatting.date(content.dates[name], lang)
        if name == "gp_hours":
            return formatting.time_interval(*content.gp_hours, lang)
        if name == "checked":
            return formatting.date(content.checked, lang)
        if name in content.links:
            return content.links[name]
        raise KeyError(f"no value for placeholder {{{name}}}")

    def render(self, name: str, tracker: dict, arguments: dict | None = None) -> dict:
        """The message for response `name`, as Rasa's NLG endpoint returns it."""
        arguments = arguments or {}
        slots = tracker.get("slots") or {}
        latest = tracker.get("latest_message") or {}
        lang = tracker_language(slots, latest)
        response = self.content.responses[name]
        if response.composed:
            text, used, buttons = self.composed(arguments, lang)
        else:
            key = catalog_key(response, slots)
            text, used = self.text(key, lang, self._conversation_values(name, lang, slots, arguments))
            buttons = [{"title": catalogs.text(button["title"], lang), "payload": button["payload"]}
                       for button in response.buttons]
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        if slots.get("review_notice") == lang and not arguments.get("more_follows"):
            text = f"{text}\n\n{self.text(NOTICE, lang, {})[0]}"
        buttons = [{**button, "title": formatting.for_reader(button["title"], lang)} for button in buttons]
        if used != lang:
            log.warning("%s rendered in %s instead of %s", name, used, lang)
        # "custom" tells the channel the conversation's language (it keeps no copy of Rasa's state).
        return {"text": formatting.for_reader(text, used), "buttons": buttons, "image": None, "elements": [],
                "attachment": None, "custom": {"language": lang}}

    def respond(self, name: str | None, tracker: dict, arguments: dict | None = None) -> dict:
        """Rasa's NLG request, wherever it is served (in the Rasa process,
        bot/rasa_server/nlg.py, or over HTTP, bot/action_server.py): a response
        that is not declared (e.g. Rasa's own utter_default after a core
        fallback) gets the rephrase prompt, never nothing. MissingTranslation
        (no text in any language) is the caller's to report."""
        if name not in self.content.responses:
            log.error("NLG request for an undeclared response %r: answering with utter_rephrase", name)
            name = "utter_rephrase"
        return self.render(name, tracker, arguments)

    def _conversation_values(self, name, lang, slots, arguments) -> dict:
        values = {}
        code = slots.get("municipality")
        if code and (municipality := self.gazetteer.get(code)):
            values["municipality"] = municipality.display_name(lang)
        if slots.get("country") in COUNTRY_NAMES:
            values["country"] = catalogs.text(COUNTRY_NAMES[slots["country"]], lang)
        if name == "utter_source":
            answered = self.content.responses[arguments["answer"]]
            key = catalog_key(answered, slots)
            # One link per line: a list joined with Babel's "and" (Arabic و, Tigrinya ን)
            # would glue words onto the URLs and break them.
            values["links"] = "\n" + "\n".join(self.content.sources[key])
        return values


def part_values(part: dict, lang: str) -> dict:
    values = {}
    for name, iso in (part.get("dates") or {}).items():
        values[name] = format_date(datetime.date.fromisoformat(iso), lang)
    for name, (first, last) in (part.get("periods") or {}).items():
        values[name] = format_period(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last), lang)
    for name, amount in (part.get("days") or {}).items():
        values[name] = formatting.duration(int(amount), "day", lang)
    for name, amount in (part.get("numbers") or {}).items():
        values[name] = formatting.number(amount, lang)
    for name, key in (part.get("texts") or {}).items():
        values[name] = catalogs.text(key, lang)
    values.update(part.get("names") or {})      # proper names (IND, DVZ), as written
    values.update(part.get("links") or {})
    return values


SOURCED = ("utter_reunification_", "utter_residence_permit", "utter_health_")
SETTLING = ("utter_find_local_service", "utter_money_debt", "utter_school_children",
            "utter_language_integration", "utter_housing", "utter_family_support", "utter_sponsor_support",
            "utter_asylum_own_case")


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
