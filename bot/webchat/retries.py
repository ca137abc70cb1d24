"""A REST turn sent again with the same message_id is answered, not run a second time.

With several Rasa replicas behind a load balancer, a client whose request died with a
replica (connection reset, 502) cannot tell whether that replica stored the turn before
it died. It sends the turn again, to another replica, with the same `message_id`. The
turn then runs only if the conversation does not hold that message yet; otherwise the
replies stored with it are sent back. The check and the turn happen under the
conversation's lock (Redis in the production profile), so two copies of one message
never both run, whichever replicas they reach.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, Event, UserUttered


def stored_replies(events: Iterable[Event], message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages that answered user message `message_id`; None if it is not stored."""
    found = False
    replies: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, UserUttered):
            if found:
                break  # the next turn began
            found = event.message_id == message_id
        elif found and isinstance(event, BotUttered):
            replies.append(event.message())
    return replies if found else None


async def handle_once(agent: Any, message: UserMessage) -> None:
    """What Rasa's Agent.handle_message does, unless the message is stored already.

    Rasa's agent takes the lock itself and cannot be asked to look first, so this takes
    the same lock, looks, and runs the processor inside it.
    """
    if not agent.is_ready():
        return  # as Rasa's Agent: no model, no replies (the channel then answers itself)
    message_id = message.message_id
    async with agent.lock_store.lock(message.sender_id):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        replies = stored_replies(tracker.events, message_id) if tracker is not None else None
        if replies is None:
            await agent.processor.handle_message(message)
            return
        output: OutputChannel = message.output_channel
        for reply in replies:
            await output.send_response(message.sender_id, reply)
