"""Request bodies of the API (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""
from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 20


def _depth(value, limit: int, level: int = 1) -> bool:
    """Whether value nests no deeper than limit (iteratively: no recursion to exhaust)."""
    stack = [(value, level)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return True


class BoundedJSONParser(parsers.JSONParser):
    """JSON bodies, refused with 400 (not a 500) when nested too deeply for Python's
    parser, or deeper than any real request needs."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON parse error: nested too deeply.")) from None
        if not _depth(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(_("JSON parse error: nested too deeply."))
        return data
