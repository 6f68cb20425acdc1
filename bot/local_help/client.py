"""The municipal directory's API as the action server sees it: every call has a timeout
and its answer is cached briefly, so an edit in the admin shows within a
minute and a slow or failing API never hangs a conversation (None instead).
It also counts, for the municipality's editors, that a topic was asked: the
municipality, the topic, the language and the month, nothing else; and reads
what the IND or DVZ last published about waiting (waiting_figure)."""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from urllib.parse import quote

import requests

from bot.core.http import retrying_session
from bot.geo.gazetteer import default_gazetteer

log = logging.getLogger(__name__)
DEFAULT_URL = "http://127.0.0.1:8000"
CACHE_SECONDS = 30.0
CACHE_ENTRIES = 5000
TIMEOUT = (2.0, 3.0)   # connect, read
WAITING_COUNTRIES = ("nl", "be")


class DirectoryClient:
    def __init__(self, base_url: str | None = None, cache_seconds: float = CACHE_SECONDS,
                 stats_token: bytes | None = None):
        self.base_url = (base_url or os.environ.get("SERVICES_API_URL") or DEFAULT_URL).rstrip("/")
        self.stats_token = stats_token
        self.cache_seconds = cache_seconds
        self._cache: dict[tuple, tuple[float, dict | None]] = {}
        self._lock = threading.Lock()
        self._http = retrying_session()

    def services(self, municipality: str, category: str, lang: str) -> dict | None:
        """{"municipality", "local", "national"}, or None when the API is unreachable
        or does not know the municipality."""
        if not default_gazetteer().get(municipality or ""):
            return None          # only real codes reach the URL
        return self._get((municipality, category, lang),
                         f"/api/v1/municipalities/{quote(municipality)}/services",
                         {"category": category, "lang": lang})

    def waiting_figure(self, country: str) -> dict | None:
        """What the country's authority (IND for nl, DVZ for be) last published about
        waiting: {"country", "authority", "started_up_to" ("YYYY-MM" or None),
        "people_waiting" (or None), "note" (Dutch, or None), "published_on"
        ("YYYY-MM-DD"), "source_url", "stale"}; None when there is none, or when the
        API is unreachable. Say its date, and when stale that it may be out of date."""
        if country not in WAITING_COUNTRIES:
            return None
        return self._get(("waiting", country), f"/api/v1/waiting/{country}")

    def _get(self, key: tuple, path: str, params: dict | None = None) -> dict | None:
        """GET path's JSON object, cached for cache_seconds under key; a 404 is
        cached as None, a failure or any other answer is not (the next message
        tries again)."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached and now - cached[0] < self.cache_seconds:
                return cached[1]
        try:
            reply = self._http.get(f"{self.base_url}{path}", params=params, timeout=TIMEOUT)
            if reply.status_code not in (200, 404):
                log.warning("directory API answered %s", reply.status_code)
                return None
            result = reply.json() if reply.status_code == 200 else None
        except (requests.RequestException, ValueError) as error:
            log.warning("directory API unreachable: %s", type(error).__name__)
            return None
        if result is not None and not isinstance(result, dict):
            return None
        with self._lock:
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache = {k: v for k, v in self._cache.items() if now - v[0] < self.cache_seconds}
            self._cache[key] = (now, result)
        return result

    def count_question(self, municipality: str, topic: str, lang: str, today: dt.date | None = None) -> bool:
        """Counts one asked question in the directory's monthly statistics; a
        failure is logged (its kind only) and never stops the answer."""
        if not (self.stats_token and default_gazetteer().get(municipality or "")):
            return False
        month = (today or dt.date.today()).strftime("%Y-%m")
        try:
            reply = self._http.post(f"{self.base_url}/api/v1/stats/questions",
                                    json={"municipality": municipality, "topic": topic, "language": lang,
                                          "month": month},
                                    headers={"Authorization": f"Bearer {self.stats_token.decode()}"},
                                    timeout=TIMEOUT)
        except requests.RequestException as error:
            log.warning("question count not sent: %s", type(error).__name__)
            return False
        if reply.status_code != 204:
            log.warning("question count refused: %s", reply.status_code)
        return reply.status_code == 204
