"""What every incoming message goes through before Rasa, on both channels.

- Text must be a string; lone surrogates (unencodable) become U+FFFD.
- Personal data is masked before anything is stored or logged (bot/privacy/masking.py).
- Work per message is bounded: a message longer than MAX_MESSAGE_CHARS is not classified
  as a whole. The safety net still reads all of it (up to MAX_READ_CHARS), in a worker
  thread so other conversations are answered meanwhile; if it finds a risk, Rasa gets
  the riskiest passage and answers it as usual (crisis reply or check-in); otherwise the
  user gets a kind reply asking to send shorter messages.
- A turn that produced no reply (a custom action failed, the action server is down)
  gets a short friendly message with the help lines: never silence.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from bot.content.model import content
from bot.privacy.masking import mask
from bot.safety import registry

# What the bot classifies as one message; the web page's text box has the same limit.
MAX_MESSAGE_CHARS = 2000
# What the safety net reads of an over-long message (linear time, in a worker thread).
MAX_READ_CHARS = 1_000_000
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Prepared:
    """The text to hand to Rasa, or a reply to send instead (then text is None)."""

    text: str | None
    reply: str | None = None


def clean(raw: Any) -> str | None:
    """The message as a string Rasa can store, or None when it is not text at all."""
    if not isinstance(raw, str):
        return None
    return _SURROGATES.sub("\ufffd", raw)


# The web chat's "Had je hier iets aan?" arrives as a button payload with the person's
# own words in it: /feedback{"helpful": "nee", "topic": "repair", "reason": "..."}.
_FEEDBACK = re.compile(r"^/feedback(\{.*\})\s*$", re.DOTALL)


def feedback_reason(text: str) -> str | None:
    """The free-text reason inside a feedback payload, or None."""
    match = _FEEDBACK.match(text)
    if not match:
        return None
    try:
        reason = json.loads(match.group(1)).get("reason")
    except (ValueError, AttributeError):
        return None
    return reason if isinstance(reason, str) and reason.strip() else None


async def prepare(text: str) -> Prepared:
    """Masks personal data and bounds the work for one message."""
    reason = feedback_reason(text) if len(text) <= MAX_MESSAGE_CHARS else None
    if reason is not None and registry.riskiest_passage(reason):
        # A payload skips Rasa's NLU, so the safety net would never see these words:
        # a reason that tells of danger goes in as an ordinary message instead.
        return Prepared(mask(reason))
    if len(text) <= MAX_MESSAGE_CHARS:
        return Prepared(mask(text))
    whole = text[:MAX_READ_CHARS]
    passage = await asyncio.get_running_loop().run_in_executor(None, registry.riskiest_passage, whole)
    if passage:
        return Prepared(mask(passage))
    return Prepared(None, reply=content().messages["too_long"])


# Rasa's own commands that end or start a conversation and say nothing themselves.
SILENT_COMMANDS = ("/restart", "/session_start")


def no_reply_message(text: str | None = None) -> str:
    """What the user sees when a turn produced nothing: after a restart command, that we
    start again; otherwise an apology and the help lines."""
    if text is not None and text.strip().lower().startswith(SILENT_COMMANDS):
        return content().messages["restarted"]
    return content().messages["technical_problem"]


def session_expired_message() -> str:
    """For a socket that writes without a conversation the server gave it."""
    return content().messages["session_expired"]
