"""No message text in Rasa's logs, at any level: Rasa's structured logging
passes every event through an anonymisation step (rasa.utils.log_utils,
`_anonymizer`: the keys text, user_text, parse_data_text, message, ...),
whose pipeline a Rasa plugin supplies (hook get_anonymization_pipeline).
This plugin's pipeline replaces those values with a marker."""
from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("rasa")
REDACTED = "[redacted]"


class Redactor:
    """What Rasa calls for each anonymisable value of a log event."""

    @staticmethod
    def log_run(value):
        return REDACTED if value not in (None, "", [], {}) else value


class RedactionPlugin:
    @hookimpl
    def get_anonymization_pipeline(self):
        return Redactor()


def install() -> None:
    """Registers the plugin with Rasa's plugin manager (before logging is configured)."""
    from rasa.plugin import plugin_manager

    manager = plugin_manager()
    if not any(isinstance(plugin, RedactionPlugin) for plugin in manager.get_plugins()):
        manager.register(RedactionPlugin())
