"""Words that name a topic a parent may not be told about their own child unasked.

A topic such as avoidant attachment describes a pattern a child can have. A parent who
describes what their own child does ("hij komt nooit naar me toe als hij valt") and lands
there would read that answer as a verdict on their child: the bot never diagnoses. So the
topic file lists, under `behaviour_reply_unless_named`, the words that name the pattern
("vermijd", "*vermijdend"). A description that uses none of them gets the behaviour reply
first, with this topic as a button; one that names the pattern ("de psycholoog zei
vermijdend, wat is dat?") gets the topic's answer (actions/described_behaviour.py).
The words follow the syntax of `factors:` (bot/content/factors.py) and read the text as
typed, so the decision is the same with every Dutch pipeline.
"""

from __future__ import annotations

import re

from bot.content.factors import MIN_CHARS, well_shaped, words_pattern
from bot.content.model import ANSWERED_BY_RESPONSE, Content, Intent


def names_topic(text: str, item: Intent) -> bool:
    """Whether the text uses one of the words that name the topic."""
    return bool(item.behaviour_reply_unless_named) and bool(
        re.search(words_pattern(item.behaviour_reply_unless_named), text)
    )


def check_naming(content: Content) -> list[str]:
    """What a maintainer forgot when declaring the words that name a topic."""
    problems = []
    for item in content.intents:
        if not item.behaviour_reply_unless_named:
            continue
        where = item.path.name if item.path else item.intent
        if not item.is_topic or item.answered_by != ANSWERED_BY_RESPONSE:
            problems.append(f"{where}: behaviour_reply_unless_named needs a topic answered by its response")
        for word in item.behaviour_reply_unless_named:
            if not well_shaped(word):
                problems.append(
                    f"{where}: naming word '{word}' must be lower-case letters, "
                    f"at most two words of {MIN_CHARS}+ characters, an optional leading *"
                )
        if not any(names_topic(text, item) for text in (item.title, item.answer)):
            problems.append(
                f"{where}: no word of behaviour_reply_unless_named names the topic in its title or answer"
            )
    return problems
