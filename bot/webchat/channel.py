"""Rasa's socket.io channel for the web chat: fixed, isolated and never silent.

Fixes for Rasa 3.6.21 + python-socketio 5:
1. session_persistence: Rasa calls `sio.enter_room(...)` without `await` (a coroutine
   since python-socketio 5.10), so no reply reached the page (RasaHQ/rasa#13027).
2. Custom payloads: Rasa spreads a response's `custom` dict into `sio.emit(**payload)`,
   which raises TypeError for our `{"sources": [...]}` (RasaHQ/rasa#8445). Here the
   payload is the event's data, like a text message.

Isolation (docs/security.md):
- only the web page's origins may connect (`cors_allowed_origins` in credentials.yml,
  or HECHTBOT_WEB_ORIGINS); engine.io refuses the handshake from any other origin;
- conversation ids are issued and signed by the server (bot/webchat/sessions.py); a
  socket may only write to the conversation it was given, whatever id a message names;
- "forget_session" (the page's "Nieuw gesprek" and "Snel weg") deletes the conversation.

Every message goes through bot/webchat/guard.py, and a turn without any reply gets a
friendly message with the help lines. Events, credentials keys and the /socket.io path
are otherwise Rasa's own; rasa-webchat and other socket.io clients keep working when
they keep the id the server confirms.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.privacy import FORGET_MARKER
from bot.privacy.forget import forget_conversation
from bot.webchat import guard, sessions

logger = logging.getLogger(__name__)
ORIGINS_ENV = "HECHTBOT_WEB_ORIGINS"
# engine.io refuses larger packets; a bit above the longest message the guard reads.
MAX_PACKET_BYTES = 2 * guard.MAX_READ_CHARS


class WebchatOutput(SocketIOOutput):
    """Sends a custom payload as the data of one bot event, and counts what it sent."""

    def __init__(self, sio: Any, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent = 0
        self.forget_requested = False

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if json_message.get(FORGET_MARKER):
            self.forget_requested = True  # deleted once the turn is stored
            return
        await self._send_message(recipient_id, dict(json_message))


class WebchatInput(SocketIOInput):
    """Rasa's SocketIOInput with the fixes and guarantees above."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, WebchatInput)
        from_env = [o.strip() for o in os.environ.get(ORIGINS_ENV, "").split(",") if o.strip()]
        channel.allowed_origins = from_env or list(credentials.get("cors_allowed_origins") or [])
        return channel

    allowed_origins: Sequence[str] = ()  # set by from_credentials

    def get_output_channel(self) -> WebchatOutput | None:
        if self.sio is None:
            return super().get_output_channel()  # Rasa's own warning
        return WebchatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by super().blueprint
        # Rasa passes [] ("do not check"); a list of origins makes engine.io refuse others.
        sio.eio.cors_allowed_origins = list(self.allowed_origins) or None
        sio.eio.max_http_buffer_size = MAX_PACKET_BYTES
        bound: dict[str, str] = {}  # socket id -> the conversation it may write to
        app_holder: dict[str, Any] = {}

        @webhook.listener("before_server_start")
        async def keep_app(app: Any, _loop: Any) -> None:
            app_holder["app"] = app

        # Registering a handler again replaces Rasa's one for that event.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None, *_: Any) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            session_id = asked if sessions.is_valid(asked) else sessions.issue()
            bound[sid] = session_id
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            bound.pop(sid, None)

        @sio.on("forget_session", namespace=self.namespace)
        async def forget_session(sid: str, data: Any = None) -> None:
            session_id = bound.pop(sid, None)
            if session_id and "app" in app_holder:
                await forget_conversation(app_holder["app"].ctx.agent.tracker_store, session_id)
            await sio.emit("session_forgotten", {}, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None, *_: Any) -> None:
            data = data if isinstance(data, dict) else {}
            output = WebchatOutput(sio, self.bot_message_evt)
            session_id = bound.get(sid)
            if session_id is None:  # no session_request, or a guessed id: write nowhere
                await sio.emit(
                    self.bot_message_evt,
                    {"text": guard.session_expired_message()},
                    room=sid,
                    namespace=self.namespace,
                )
                return
            text = guard.clean(data.get("message"))
            if text is None:
                text = ""
            prepared = await guard.prepare(text)
            if prepared.text is None:
                await output.send_text_message(session_id, prepared.reply or "")
                return
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = UserMessage(
                prepared.text,
                output,
                session_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            failed = False
            try:
                await on_new_message(message)
            # Never a crash or silence for user text: whatever fails, the user gets the help
            # lines (only the type is logged: a traceback may hold the message).
            except (Exception, SystemExit) as error:  # noqa: BLE001 - deliberate last-resort handler
                failed = True
                logger.error(
                    "A socket.io turn failed (%s); the user got the help lines.", type(error).__name__
                )
            if output.forget_requested and "app" in app_holder:
                await forget_conversation(app_holder["app"].ctx.agent.tracker_store, session_id)
            if output.sent == 0:
                said = None if failed else prepared.text
                await output.send_text_message(session_id, guard.no_reply_message(said))

        return webhook
