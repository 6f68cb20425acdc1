"""The one way Samen's helpers call other services over HTTP (the municipal
directory's API, PDOK): a requests session that retries once on connection
errors and 502/503/504, for GETs only (they are safe to repeat)."""
from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def retrying_session() -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=Retry(total=1, backoff_factor=0.2, status_forcelist=(502, 503, 504),
                                            allowed_methods={"GET"}))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
