"""The question in a long message: which sentences ask something.

People write a story first and ask at the end ("Hij is 3. Sinds de verhuizing ... Is dat
normaal?"). The topic classifier reads the whole message, so the story's words can
outweigh the question. `question_sentences` finds the sentences that ask something, by
rules on the text as typed (a question mark, or a Dutch question word or inverted verb
first), the same on every Dutch pipeline; QuestionFocus (focus_component.py) weighs them.
"""

from __future__ import annotations

import re

from bot.language.sentences import sentences

# The parse result's key for the topic of a second question in the message (set by
# focus_component.py, read by actions/answer_footnotes.py).
ALSO_ASKED = "also_asked"
# The parse result's key for what a long message's question sentences ask on their own
# (the best intent of the question-focus model), read by actions/unclear_message.py: when the
# story and the question point to the same topic, that agreement settles an unsure reading.
QUESTION_TOPIC = "question_topic"
# The role of the walk-through ("Ik maak me zorgen"), offered under a topic answer when a
# long story told what the child does (focus_component.py, actions/answer_footnotes.py).
WALK_THROUGH_ROLE = "questionnaire_start"
# Below this many sentences the message is its own question: nothing to weigh.
MIN_SENTENCES = 3
_QUESTION_START = re.compile(
    r"^(?:hoe|wat|waarom|wanneer|waar|wie|welke?|hoeveel|is|zijn|kan|kun|kunnen|moet|moeten|mag|"
    r"mogen|heeft|hebben|heb|doe|doet|wordt|worden|klopt|geldt|werkt|helpt|zou|zouden|zal|"
    r"weet|ken|bestaat|bestaan|ligt|komt|hoort)\b",
    re.IGNORECASE,
)
_POLITE_LEAD = re.compile(r"^(?:en|maar|dus|oke?|ok|nou|mijn vraag(?: is)?:?|vraag:?)\s+", re.IGNORECASE)


def asks(sentence: str) -> bool:
    """True when the sentence asks something."""
    text = sentence.strip()
    return text.endswith("?") or bool(_QUESTION_START.match(_POLITE_LEAD.sub("", text)))


def question_sentences(text: str) -> list[str]:
    """The sentences of a long message that ask something (the last sentence when none
    does: the question usually comes at the end); empty for a short message."""
    parts = sentences(text)
    if len(parts) < MIN_SENTENCES:
        return []
    asking = [part for part in parts if asks(part)]
    return asking or parts[-1:]


def is_story_with_question(text: str) -> bool:
    """A long message (MIN_SENTENCES or more) with a sentence that asks something."""
    parts = sentences(text)
    return len(parts) >= MIN_SENTENCES and any(asks(part) for part in parts)


def separate_questions(text: str) -> list[str]:
    """The sentences that ask something, when a message asks two things or more
    ("Wat is hechting? En hoe merk ik of het goed zit?"); empty otherwise."""
    asking = [part for part in sentences(text) if asks(part)]
    return asking if len(asking) >= 2 else []
