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

Filling the hook has a cost Rasa Pro pays on purpose: after every message Rasa's processor
loads the whole conversation from the tracker store again to hand the turn's new events to
the pipeline's `run` (for event brokers). Ours does nothing there, so `register` also makes
the processor skip that second load while our pipeline is the one installed: a full
conversation read per message, growing with its length (docs/latency-history.md).
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
    _skip_reload_for_our_pipeline()


def _skip_reload_for_our_pipeline() -> None:
    from rasa.core.processor import MessageProcessor

    rasa_step = MessageProcessor.run_anonymization_pipeline
    if getattr(rasa_step, "skips_no_op_pipeline", False):
        return

    async def run_anonymization_pipeline(self: MessageProcessor, tracker: Any) -> None:
        from rasa.plugin import plugin_manager

        if plugin_manager().hook.get_anonymization_pipeline() is PIPELINE:
            return  # PIPELINE.run does nothing: no reason to reload the conversation for it
        await rasa_step(self, tracker)

    run_anonymization_pipeline.skips_no_op_pipeline = True  # type: ignore[attr-defined]
    MessageProcessor.run_anonymization_pipeline = run_anonymization_pipeline
