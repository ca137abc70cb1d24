"""Changed copies of the shipped content, for tests of the content checks."""

from __future__ import annotations

import dataclasses

from bot.content.model import Content, Intent


def with_topic(content: Content, intent: str, **changes) -> Content:
    """The content with one topic's fields changed."""
    topics = tuple(
        Intent(**{**item.dict(), **changes}) if item.intent == intent else item for item in content.topics
    )
    return dataclasses.replace(content, topics=topics)
