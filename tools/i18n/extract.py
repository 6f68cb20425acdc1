"""Babel extractor for the response keys declared in domain.yml.

Registered in babel.cfg; `make i18n` runs it with pybabel's Python extractor
so that the template (locales/messages.pot) holds every key the NLG server
can render: each response, its variants (`custom.variants`) and its button
titles.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

import yaml


def response_keys(domain: dict) -> Iterator[tuple[str, str]]:
    """(catalog key, translator comment) for every text the responses use."""
    for name, variations in (domain.get("responses") or {}).items():
        for variation in variations:
            custom = variation.get("custom") or {}
            if custom.get("composed"):
                continue        # made of parts whose keys the code names (N_)
            yield custom.get("catalog", name), f"response {name}"
            for condition, key in (custom.get("variants") or {}).items():
                yield key, f"response {name} when {condition}"
            for button in custom.get("buttons") or []:
                yield button["title"], f"button of {name}: {button['payload']}"


def extract_domain(fileobj: BinaryIO, keywords, comment_tags, options) -> Iterator:
    """Babel extraction method: (lineno, funcname, message, comments)."""
    domain = yaml.safe_load(fileobj.read().decode("utf-8"))
    seen = set()
    for key, comment in response_keys(domain):
        if key not in seen:
            seen.add(key)
            yield 0, None, key, [comment]
