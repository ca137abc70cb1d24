"""No message text in the logs, at any log level.

Rasa logs the text of every message at DEBUG level (e.g. `processor.message.parse` with
`parse_data_text`, and the events of each turn). Rasa routes those structured log
entries through an anonymization hook (`rasa.plugin.get_anonymization_pipeline`, used by
`rasa.utils.log_utils._anonymizer` for keys such as `text`, `user_text`,
`parse_data_text`, `rasa_events`). Rasa Pro fills that hook; here a small plugin fills it
with a pipeline that replaces every such value by a fixed marker. It is registered by
`bot.rasa_server` before Rasa starts, so whatever log level someone chooses, what people
wrote stays out of the logs. Stored events are not touched (they are masked earlier, by
bot.webchat.guard, and deleted by bot.privacy.retention).
"""

from __future__ import annotations

from typing import Any

import pluggy

REDACTED = "[tekst niet gelogd]"
hookimpl = pluggy.HookimplMarker("rasa")


class RedactingPipeline:
    """The two calls Rasa makes on an anonymization pipeline."""

    def log_run(self, value: Any) -> str:
        """What a log entry shows instead of a message text, slot value or event list."""
        return REDACTED

    def run(self, body: dict[str, Any]) -> None:
        """Called per new event for event brokers; we run none, so there is nothing to do."""
        return


PIPELINE = RedactingPipeline()


class LogRedactionPlugin:
    @hookimpl
    def get_anonymization_pipeline(self) -> RedactingPipeline:
        return PIPELINE


def register() -> None:
    """Installs the plugin in Rasa's plugin manager (idempotent)."""
    from rasa.plugin import plugin_manager

    manager = plugin_manager()
    if not any(isinstance(p, LogRedactionPlugin) for p in manager.get_plugins()):
        manager.register(LogRedactionPlugin())
