"""No message text in Rasa's logs, at any level. Rasa 3.6 logs through
structlog, and names what it logs: the message's text, the parse data, the
events. A processor put first in structlog's chain replaces those values
with a marker before anything renders them. (Rasa's own anonymisation hook
is for Rasa Pro and also re-reads the conversation on every message.)"""
from __future__ import annotations

import functools
import logging

import structlog

REDACTED = "[redacted]"
# The keys Rasa's log events use for what a user wrote or what was understood
# of it (rasa.utils.log_utils lists them as anonymisable), and a few more.
SENSITIVE = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response", "slot_candidates",
    "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes",
    "current_entity", "next_entity", "states", "entity", "token_text", "user_message", "json_message",
    "parse_data", "metadata", "tracker", "events", "slots", "entities",
})


QUIET_AT_DEBUG = ("rasa.core.nlg.callback",)


def redact(_logger, _name, event_dict: dict) -> dict:
    """A structlog processor: sensitive values become REDACTED."""
    for key in SENSITIVE.intersection(event_dict):
        if event_dict[key] not in (None, "", [], {}):
            event_dict[key] = REDACTED
    return event_dict


def install() -> None:
    """Makes Rasa's structlog set-up put `redact` first (call before Rasa's CLI starts)."""
    import rasa.utils.log_utils as log_utils

    original = log_utils.configure_structlog
    if getattr(original, "redacting", False):
        return

    @functools.wraps(original)
    def configure(*args, **kwargs):
        original(*args, **kwargs)
        processors = structlog.get_config()["processors"]
        structlog.configure(processors=[redact, *[p for p in processors if p is not redact]])
        # Plain loggers that print whole request bodies (the conversation) at debug level.
        for name in QUIET_AT_DEBUG:
            logging.getLogger(name).setLevel(max(logging.getLogger(name).getEffectiveLevel(), logging.INFO))

    configure.redacting = True
    log_utils.configure_structlog = configure
