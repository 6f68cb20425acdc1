"""The municipal directory's API as the action server sees it: every call has a timeout
and its answer is cached briefly, so an edit in the admin shows within a
minute and a slow or failing API never hangs a conversation (None instead)."""
from __future__ import annotations

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


class DirectoryClient:
    def __init__(self, base_url: str | None = None, cache_seconds: float = CACHE_SECONDS):
        self.base_url = (base_url or os.environ.get("SERVICES_API_URL") or DEFAULT_URL).rstrip("/")
        self.cache_seconds = cache_seconds
        self._cache: dict[tuple, tuple[float, dict | None]] = {}
        self._lock = threading.Lock()
        self._http = retrying_session()

    def services(self, municipality: str, category: str, lang: str) -> dict | None:
        """{"municipality", "local", "national"}, or None when the API is unreachable
        or does not know the municipality."""
        if not default_gazetteer().get(municipality or ""):
            return None          # only real codes reach the URL
        key = (municipality, category, lang)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached and now - cached[0] < self.cache_seconds:
                return cached[1]
        try:
            reply = self._http.get(f"{self.base_url}/api/v1/municipalities/{quote(municipality)}/services",
                                   params={"category": category, "lang": lang}, timeout=TIMEOUT)
            result = reply.json() if reply.status_code == 200 else None
            if reply.status_code not in (200, 404):
                log.warning("services API answered %s", reply.status_code)
        except (requests.RequestException, ValueError) as error:
            log.warning("services API unreachable: %s", type(error).__name__)
            return None          # not cached: the next message tries again
        with self._lock:
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache = {k: v for k, v in self._cache.items() if now - v[0] < self.cache_seconds}
            self._cache[key] = (now, result)
        return result
