"""A Dutch postcode ("7607 AB") or a shared location to its municipality's
CBS code, through PDOK's Locatieserver (free, no key), with a timeout, one
retry and a cache. When PDOK cannot be reached (or the place is not in the
Netherlands) the answer is None and Samen asks for the municipality by name
instead (../shared/geo/README.md)."""
from __future__ import annotations

import functools
import logging
import os

import requests

from bot.core.http import retrying_session

log = logging.getLogger(__name__)
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
PDOK_REVERSE_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/reverse"
TIMEOUT = (2.0, 3.0)

_session = retrying_session()


def _cbs_code(reply, postcode: str | None = None) -> str | None:
    reply.raise_for_status()
    docs = reply.json().get("response", {}).get("docs", [])
    if postcode and docs and docs[0].get("postcode", postcode).replace(" ", "").upper() != postcode:
        return None          # a near match is not the user's postcode
    code = docs[0].get("gemeentecode") if docs else None
    return f"GM{int(code):04d}" if code else None


@functools.lru_cache(maxsize=4096)
def _lookup(postcode: str, url: str) -> str | None:
    return _cbs_code(_session.get(url, params={"q": postcode, "fq": "type:postcode", "rows": 1,
                                               "fl": "gemeentecode,gemeentenaam,postcode"}, timeout=TIMEOUT),
                     postcode)


@functools.lru_cache(maxsize=4096)
def _reverse(latitude: float, longitude: float, url: str) -> str | None:
    return _cbs_code(_session.get(url, params={"lat": latitude, "lon": longitude, "type": "adres", "rows": 1,
                                               "fl": "gemeentecode,gemeentenaam"}, timeout=TIMEOUT))


def municipality_of_location(latitude: float, longitude: float) -> str | None:
    """CBS code of the municipality at a shared location (rounded to about
    100 m, which is enough and keeps less of where the user is), or None."""
    try:
        return _reverse(round(latitude, 3), round(longitude, 3),
                        os.environ.get("PDOK_REVERSE_URL", PDOK_REVERSE_URL))
    except (requests.RequestException, ValueError) as error:
        log.warning("PDOK Locatieserver unreachable: %s", type(error).__name__)
        return None


def municipality_of_postcode(postcode: str) -> str | None:
    """CBS code, or None (unknown postcode, or PDOK unreachable: not cached, tried again next time)."""
    try:
        return _lookup(postcode, os.environ.get("PDOK_URL", PDOK_URL))
    except (requests.RequestException, ValueError) as error:
        log.warning("PDOK Locatieserver unreachable: %s", type(error).__name__)
        return None
