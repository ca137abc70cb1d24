"""Rasa's REST channel (`POST /webhooks/rest/webhook`), made strict and never silent.

Same URL and JSON as Rasa's own `rest` channel ({"sender": "...", "message": "..."} in,
a list of bot messages out), so every client of it keeps working. Differences:
- a request without a JSON object, a sender or a text message gets 400 with a JSON
  error instead of a 500 or a shared "default" conversation;
- the message goes through bot/webchat/guard.py (masking, bounded work);
- a turn without any reply gets a friendly message with the help lines;
- "verwijder mijn gegevens" deletes the conversation once the turn is stored;
- an optional "message_id" makes a retry safe: a turn sent again with the same id (to
  any replica) gets the stored replies instead of running twice (bot/webchat/retries.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy.forget import asks_to_forget, forget_conversation
from bot.webchat import guard
from bot.webchat.retries import handle_once

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = 128
# A client's own id for one turn (e.g. a UUID): short and plain, it is stored with the turn.
MESSAGE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


def _usable_sender(sender: Any) -> TypeGuard[str]:
    """A non-empty string that the tracker store can write (no lone surrogates)."""
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return False
    try:
        sender.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _body(request: Request) -> dict[str, Any] | None:
    try:
        body = request.json
    except InvalidUsage:  # Sanic raises it on a body that is not JSON
        return None
    return body if isinstance(body, dict) else None


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # the same URL as Rasa's own channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = _body(request)
            if body is None:
                return bad_request('send a JSON object: {"sender": "...", "message": "..."}')
            sender = body.get("sender")
            if not _usable_sender(sender):
                return bad_request(
                    f"'sender' must be a non-empty text of at most {MAX_SENDER_CHARS} characters"
                )
            message_id = body.get("message_id")
            if message_id is not None and not (
                isinstance(message_id, str) and MESSAGE_ID.fullmatch(message_id)
            ):
                return bad_request("'message_id' must be 1-64 letters, digits or ._:-")
            text = guard.clean(body.get("message"))
            if text is None:
                return bad_request("'message' must be a string")
            prepared = await guard.prepare(text)
            if prepared.text is None:
                return response.json([{"recipient_id": sender, "text": prepared.reply}])
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            failed = False
            message = UserMessage(
                prepared.text,
                collector,
                sender,
                input_channel=self.name(),
                metadata=metadata,
                message_id=message_id,
            )
            try:
                if message_id is None:
                    await on_new_message(message)
                else:
                    await handle_once(request.app.ctx.agent, message)
            # Never a 5xx, a crash or silence for user text: whatever fails, the user gets the
            # help lines (only the type is logged: a traceback may hold the message).
            except (Exception, SystemExit) as error:  # noqa: BLE001 - deliberate last-resort handler
                failed = True
                logger.error("A REST turn failed (%s); the user got the help lines.", type(error).__name__)
            messages: list[dict[str, Any]] = collector.messages
            if any(asks_to_forget(m) for m in messages):
                await forget_conversation(request.app.ctx.agent.tracker_store, sender)
                messages = [m for m in messages if not asks_to_forget(m)]
            if not messages:
                said = None if failed else prepared.text
                messages = [{"recipient_id": sender, "text": guard.no_reply_message(said)}]
            return response.json(messages)

        return webhook
