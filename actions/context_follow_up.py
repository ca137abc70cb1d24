"""A question that only makes sense about the topic just answered, read as such.

"Welke onderzoeken worden daarbij aangehaald?" or "hoe lang duurt dat dan?" after an answer
about NIKA carries no topic words of its own, so the classifier reads it as outside the
subject or cannot place it. When the conversation has a topic (`last_topic`) and the message
is a short question that points back ("dat", "die", "daarbij", "precies", "dan" ...), it asks for
more about that topic: the detail layer with its literature and sources, or, when it asks
where something comes from, the sources. The words are Dutch function words as typed, so the
decision does not depend on the Dutch pipeline that is loaded.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from bot.content import render
from bot.content.model import Content, Intent

# Words that point back to what was just said.
POINTING_BACK = frozenset(
    {
        *("dat", "die", "deze", "dit", "dezelfde", "precies", "daar", "daarbij", "daarvan", "daarover"),
        *("daarin", "daarmee", "daaraan", "daarna", "daarvoor", "hiervan", "hierover", "hierbij"),
        *("hiermee", "hierin", "hiervoor"),
        # "hoeveel keer moet je dan komen?": the Dutch particle of a question that builds on
        # the answer before it.
        "dan",
        # Asking for a finer grain of the same answer ("specifieker graag: welke bij het kind?").
        *("specifieker", "preciezer", "uitgebreider", "concreter", "nauwkeuriger"),
    }
)
# A question about where something comes from gets the sources, not the detail.
ASKS_FOR_SOURCE = ("bron", "publicatie", "referentie", "literatuur", "artikel", "waar staat", "waar komt")
# Longer messages tell a story of their own; a follow-up is a short question.
MAX_WORDS = 14
# A message about one's own child or life ("denk je dat mijn zoon ...") is a new question,
# even when its "dat" looks like a pointer.
OWN = frozenset(["mijn", "mn", "m", "onze", "ons"])

_WORD = re.compile(r"[a-zà-ÿ]+")


def points_back(text: str) -> bool:
    words = _WORD.findall(text.lower())
    if not 0 < len(words) <= MAX_WORDS or any(word in OWN for word in words):
        return False
    return any(word in POINTING_BACK for word in words)


def topic_referred_to(tracker: Tracker, known: Content) -> Intent | None:
    """The last topic, when the latest message is a short question about it."""
    if tracker.active_loop_name:
        return None  # inside the walk-through the form's own question comes first
    topic = known.topic(tracker.get_slot("last_topic") or "")
    text = (tracker.latest_message or {}).get("text") or ""
    return topic if topic is not None and points_back(text) else None


def follow_up_text(topic: Intent, text: str, known: Content) -> str:
    lowered = text.lower()
    if any(word in lowered for word in ASKS_FOR_SOURCE) or not topic.more:
        return render.sources_text(topic, known)
    return render.more_text(topic, known)
