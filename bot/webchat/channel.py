"""Rasa's socket.io channel with two fixes the web chat needs (Rasa 3.6.21 + python-socketio 5).

1. session_persistence: Rasa calls `sio.enter_room(...)` without `await`. Since
   python-socketio 5.10 that is a coroutine, so the browser never joins the room of
   its session and no reply reaches it (RasaHQ/rasa#13027, still open).
2. Custom payloads: Rasa spreads a response's `custom` dict into `sio.emit(**payload)`,
   so our `{"sources": [...]}` raises TypeError (`emit()` has no `sources` argument)
   and the turn is lost (RasaHQ/rasa#8445). Here the payload is the event's data, like
   a text message: the page receives `bot_uttered` with `{"sources": [...]}`.

Everything else (events, credentials keys, the /socket.io path) is Rasa's own channel;
credentials.yml names this class instead of the built-in `socketio`.
"""
from __future__ import annotations

import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class WebchatOutput(SocketIOOutput):
    """Sends a custom payload as the data of one bot event."""

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, dict(json_message))


class WebchatInput(SocketIOInput):
    """Rasa's SocketIOInput with an awaited `enter_room` and WebchatOutput."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional[WebchatOutput]:
        if self.sio is None:
            return super().get_output_channel()  # Rasa's own warning
        return WebchatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by super().blueprint

        # Registering a handler again replaces Rasa's one for that event.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not session_id.strip():
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug(f"Socket {sid} joined session {session_id}.")

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("A message without a session_id was ignored: "
                                   "send `session_request` first.")
                    return
                sender_id = str(data["session_id"])
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = UserMessage(
                str(data.get("message", "")),
                WebchatOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await on_new_message(message)

        return webhook
