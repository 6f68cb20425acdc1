"""A municipality's services as Samen says them: in the user's language
when a translation exists (marked when no native speaker reviewed it),
otherwise in Dutch with a note; hours, dates and numbers formatted by Babel
for the user's locale; a few per message, with a "more" button."""
from __future__ import annotations

import datetime as dt

import phonenumbers
from babel import Locale
from babel.dates import format_time, get_day_names

from bot.core import catalogs, languages
from bot.core.catalogs import N_
from bot.core.formatting import date as format_long_date
from bot.core.formatting import for_reader, localise_digits
from bot.geo.gazetteer import default_gazetteer

PAGE_SIZE = 3
HEADER = N_("services.header")
NATIONAL_HEADER = N_("services.national_header")
GENERAL_PHONE = N_("services.general_phone")
HOURS = N_("services.hours")
LANGUAGES = N_("services.languages")
DUTCH_ONLY = N_("services.dutch_only")
UNREVIEWED = N_("services.unreviewed")
SOURCE = N_("services.source")
STALE = N_("services.stale")
MORE = N_("services.more")
ACCESS = {"walk_in": N_("services.walk_in"), "appointment": N_("services.appointment"),
          "both": N_("services.walk_in_or_appointment")}
COST = {"free": N_("services.free"), "paid": N_("services.paid")}


def _t(key: str, lang: str, **values) -> str:
    text = catalogs.text(key, lang)
    return text.format(**values) if values else text


def phone(number: str | None) -> str | None:
    """+31800... -> 0800 ..., as people dial it in the country; unparsable numbers as given."""
    if not number:
        return None
    try:
        return phonenumbers.format_number(phonenumbers.parse(number, "NL"),
                                          phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return number


def opening_hours(hours: list[dict], lang: str) -> str | None:
    """"Mon 09:00–12:00, 13:00–17:00 · Tue ..." in the user's locale, days in week order."""
    if not hours:
        return None
    locale = languages.get(lang).locale
    days = get_day_names("abbreviated", locale=locale)
    by_day: dict[int, list[str]] = {}
    for slot in sorted(hours, key=lambda s: (s["weekday"], s["opens"])):
        opens, closes = (dt.time.fromisoformat(slot[k]) for k in ("opens", "closes"))
        by_day.setdefault(slot["weekday"], []).append(
            f"{format_time(opens, 'short', locale=locale)}–{format_time(closes, 'short', locale=locale)}")
    return localise_digits(" · ".join(f"{days[day]} {', '.join(spans)}" for day, spans in by_day.items()), lang)


def _language_name(code: str, lang: str) -> str:
    if code in languages.REGISTRY:
        return catalogs.text(f"language.{code}", lang)
    return Locale.parse(languages.get(lang).locale).languages.get(code, code)


def render_service(service: dict, lang: str) -> str:
    """One service, one paragraph per kind of information."""
    lines = [service["name"]]
    description = service.get("description") or ""
    if service.get("language") != lang and lang != "nl":
        lines.append(_t(DUTCH_ONLY, lang))
    elif service.get("language") == lang and service.get("translation_reviewed") is False:
        description = f"{description} {_t(UNREVIEWED, lang)}".strip()
    if description:
        lines.append(description)
    for icon, value in (("📍", service.get("address")), ("☎️", phone(service.get("phone"))),
                        ("✉️", service.get("email")), ("🌐", service.get("website"))):
        if value:
            lines.append(f"{icon} {value}")
    hours = opening_hours(service.get("opening_hours") or [], lang)
    if hours:
        lines.append(f"🕘 {_t(HOURS, lang)}: {hours}")
    details = [_t(ACCESS[service["access"]], lang) if service.get("access") in ACCESS else None,
               _t(COST[service["cost"]], lang) if service.get("cost") in COST else None]
    if any(details):
        lines.append(" · ".join(d for d in details if d))
    spoken = service.get("languages_spoken") or []
    if spoken:
        lines.append(f"🗣 {_t(LANGUAGES, lang)}: {', '.join(_language_name(c, lang) for c in spoken)}")
    checked = format_long_date(dt.date.fromisoformat(service["last_verified"]), lang)
    lines.append(_t(SOURCE, lang, url=service["source_url"], date=checked))
    if service.get("stale"):
        lines.append(_t(STALE, lang))
    # Phone numbers and links stay in ASCII digits (phones dial them, browsers
    # open them), isolated in right-to-left text so that they read as written.
    return for_reader("\n".join(lines), lang)


def municipality_name(municipality: dict, lang: str) -> str:
    known = default_gazetteer().get(municipality["code"])
    return known.display_name(lang) if known else municipality["name"]


def render_page(result: dict, lang: str, offset: int = 0, size: int = PAGE_SIZE) -> tuple[list[str], int | None]:
    """(messages, offset of the next page or None) for one page of the API's answer: the
    municipality's own services, or, when it has none of this kind, the
    national ones and the municipality's general number. Never empty."""
    municipality = result["municipality"]
    name = municipality_name(municipality, lang)
    services = result.get("local") or []
    if services:
        header = _t(HEADER, lang, municipality=name)
    else:
        services = result.get("national") or []
        header = _t(NATIONAL_HEADER, lang, municipality=name)
    page = services[offset:offset + size]
    messages = [header] if offset == 0 else []
    messages += [render_service(s, lang) for s in page]
    next_offset = offset + size if offset + size < len(services) else None
    if next_offset is None and not result.get("local") and municipality.get("general_phone"):
        messages.append(_t(GENERAL_PHONE, lang, municipality=name, phone=phone(municipality["general_phone"])))
    return [for_reader(message, lang) for message in messages], next_offset
