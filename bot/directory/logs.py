"""What the services store writes to its log, and what it never writes.

A lookup by the assistant (`GET /api/v1/municipalities/GM0141/services?
category=mental_health&lang=ar`) says where a user lives, what they need and
which language they speak. Django's development server (and its WSGI request
handler) logs every request line through the `django.server` logger, and
`django.request` logs the path of every 4xx/5xx answer. PrivacyFilter, on
every handler (settings.LOGGING):
- drops the line of each successful request (status below 400): there is no
  access log;
- rewrites what is still logged (errors, with their traceback) without query
  strings and without the municipality code in a path.
"""
from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")
_MUNICIPALITY = re.compile(r"(/municipalities/)[^/\s\"'?]+")


def redact(text: str) -> str:
    return _MUNICIPALITY.sub(r"\1…", _QUERY.sub("?…", text))


class PrivacyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server" and getattr(record, "status_code", 500) < 400:
            return False
        try:
            message = record.getMessage()
        except Exception:        # a record that cannot be formatted: let logging report it
            return True
        record.msg, record.args = redact(message), ()
        if hasattr(record, "request"):
            record.request = None    # the request object (path, query, headers) stays out of handlers
        return True
