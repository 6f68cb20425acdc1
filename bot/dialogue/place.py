"""Which municipality a message gives, whatever way the user gave it: a
name (the gazetteer's entity), a /start deep link of a municipal leaflet, a
location shared on Telegram, or a Dutch postcode. The channels only pass
these on (message metadata); they are resolved here, in the action server.
"""
from __future__ import annotations

from typing import Callable

from bot.core.postcode import find_postcode

MAX_CODE = 16


def _coordinates(location) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(location["latitude"]), float(location["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return (latitude, longitude) if -90 <= latitude <= 90 and -180 <= longitude <= 180 else None


def heard_place(intent: str | None, entities: list, metadata: dict, text: str | None, awaiting_place: bool,
                is_municipality: Callable[[str], bool],
                municipality_of_location: Callable[[float, float], str | None],
                municipality_of_postcode: Callable[[str], str | None]) -> str | None:
    """The municipality code this message gives, or None.

    A postcode counts only where a place is the point of the message (the
    user says where they live, or Samen asked): a number in another question
    must not move the user's municipality."""
    for entity in entities:
        if entity.get("entity") == "municipality" and entity.get("value"):
            return entity["value"]
    code = str(metadata.get("start") or "")[:MAX_CODE].upper()
    if code and is_municipality(code):
        return code
    coordinates = _coordinates(metadata.get("location"))
    if coordinates:
        return municipality_of_location(*coordinates)
    if intent == "inform_municipality" or awaiting_place:
        postcode = find_postcode(text)
        if postcode:
            return municipality_of_postcode(postcode)
    return None
