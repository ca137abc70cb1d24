"""What the bot does with a message it could not classify with confidence.

A short question that points back to the topic just answered is about that topic
(actions/context_follow_up.py). Otherwise, first the curated passages
(bot/language/passage_component.py puts the best ones in the parse result): one clearly best
passage is the answer (with the next passage of its topic when that fits nearly as well), with
its source and a button to its topic; two close ones from different topics become a question
which was meant. A long message whose story and question point to the same topic: that topic
(with the walk-through's button when the story told what the child does). Two confident topics
too close to call: the first answered, the other as a button. A parent describing their own
child's behaviour that resembles a signal: the behaviour reply and the walk-through's button.
Then the topics the classifier half-recognised, or the starter topics.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context_follow_up import follow_up_text, topic_referred_to
from actions.described_behaviour import (
    behaviour_instead,
    offer_walk_through,
    own_child_behaviour,
    say_behaviour_reply,
)
from actions.safety import checkin_line
from bot.content.model import Content, content
from bot.content.passages import FOR_LITERATURE, FOR_TOPIC, Passage, passages_by_key
from bot.content.render import passages_text, something_else_button, topic_button
from bot.language.question_focus import QUESTION_TOPIC

# A topic is offered as a candidate only above this confidence: below it the guess is
# noise and a list of starter topics helps more than a wrong suggestion.
MIN_CANDIDATE_CONFIDENCE = 0.15
MAX_CANDIDATES = 3
# Two topics too close to call (the FallbackClassifier's ambiguity), each at least this
# confident: the classifier is sure it is one of the two, so the first is answered and the
# other offered as a button, instead of a question before any answer. A message that asks
# two things ("wat is dat en hoe ontstaat het?") often lands here.
CLOSE_PAIR_MIN_CONFIDENCE = 0.35
# A long message whose story (the whole message's best topic) and question (its question
# sentences read alone) point to the same topic is about that topic, also when the classifier
# was unsure: two readings agree. The question's own share must reach this.
AGREED_QUESTION_MIN = 0.4
# A passage answers only from this cosine similarity on (TF-IDF, words and characters):
# below it, questions outside the subject scored as high in our checks (docs/language.md).
MIN_PASSAGE_SCORE = 0.2
# A question for the evidence ("welke studie onderbouwt dat X?") is searched among the
# passages that name literature only (a few dozen), so a lower bar holds there.
MIN_LITERATURE_SCORE = 0.15
# The best passage must lead the best one of another topic by this much, else we ask.
PASSAGE_MARGIN = 0.03
# The next passage of the same topic joins the answer from this share of the best one's score
# on. Chosen on the three development sets (docs/language.md): at 0.6 professionals +14 of 507,
# at 0.8 +8, parents unchanged at both.
COMPANION_MIN_RATIO = 0.6


def literature_search(found: list[dict[str, Any]]) -> bool:
    """Whether the retriever searched only the passages that name literature (a question for
    the evidence itself: which study, source, author or year)."""
    return bool(found and found[0].get(FOR_LITERATURE))


def best_passages(found: list[dict[str, Any]], known: Content) -> list[Passage]:
    """One passage when it is clearly best, two (of different topics) when they are too close
    to call, none when nothing fits well enough."""
    by_key = passages_by_key(known)
    ranked = [(by_key[f["key"]], float(f["score"])) for f in found if f.get("key") in by_key]
    if ranked and found[0].get(FOR_TOPIC) == ranked[0][0].topic:
        # Chosen for the topic the classifier recognised (a precise question about it): the
        # topic backs the passage, so the retriever's own bar for that case holds, not ours
        # for a passage found alone. Asking "which topic?" here named the right one as a button.
        return [ranked[0][0]]
    bar = MIN_LITERATURE_SCORE if literature_search(found) else MIN_PASSAGE_SCORE
    if not ranked or ranked[0][1] < bar:
        return []
    best, score = ranked[0]
    rivals = [(p, s) for p, s in ranked[1:] if p.topic != best.topic and p.text != best.text]
    if rivals and score - rivals[0][1] < PASSAGE_MARGIN:
        return [best, rivals[0][0]]
    return [best]


def with_companion(best: Passage, found: list[dict[str, Any]], known: Content) -> list[Passage]:
    """`best`, and the next passage of its topic when that fits nearly as well: a precise
    question often needs two facts that sit in neighbouring passages."""
    by_key = passages_by_key(known)
    scores = {f["key"]: float(f["score"]) for f in found if f.get("key") in by_key}
    top = scores.get(best.key, 0.0)
    companions = [
        by_key[key]
        for key, score in scores.items()
        if key != best.key and by_key[key].topic == best.topic and score >= COMPANION_MIN_RATIO * top
    ]
    return [best, *companions[:1]]


def answer_from_passage(
    dispatcher: CollectingDispatcher, passage: Passage, parsed: dict[str, Any], known: Content
) -> list[dict[str, Any]]:
    """The clearly best passage (and its companion) with its source and its topic's button."""
    answer = with_companion(passage, parsed.get("passages") or [], known)
    topic = known.by_intent()[passage.topic]
    dispatcher.utter_message(text=passages_text(answer, known), buttons=[topic_button(topic)])
    return [SlotSet("last_topic", passage.topic)]  # "waar staat dat?" answers about it


def answer_from_two_sources(
    dispatcher: CollectingDispatcher, found: list[Passage], known: Content
) -> list[dict[str, Any]]:
    """A question for the evidence that two topics' literature fits about equally well: both,
    one per bubble, each with its literature and source. The professional who asked picks the
    right one; asking "which topic?" instead would hide the very reference they asked for."""
    by_intent = known.by_intent()
    dispatcher.utter_message(text=known.messages["two_sources_intro"])
    for passage in found[:-1]:
        dispatcher.utter_message(text=passages_text([passage], known))
    buttons = [topic_button(by_intent[p.topic]) for p in found]
    dispatcher.utter_message(text=passages_text([found[-1]], known), buttons=buttons)
    return [SlotSet("last_topic", found[0].topic)]


def answer_from_passages(
    dispatcher: CollectingDispatcher, found: list[Passage], parsed: dict[str, Any], known: Content
) -> list[dict[str, Any]] | None:
    """The answer when the passages settle it: the one clearly best, or, for a question for the
    evidence, the two too close to call; None when the person has to choose."""
    if len(found) == 1:
        return answer_from_passage(dispatcher, found[0], parsed, known)
    if found and literature_search(parsed.get("passages") or []):
        return answer_from_two_sources(dispatcher, found, known)
    return None


def candidate_topics(
    ranking: list[dict[str, Any]], known: Content, min_confidence: float = MIN_CANDIDATE_CONFIDENCE
) -> list[str]:
    """The topic intents worth offering, best first."""
    topics = {t.intent for t in known.topics}
    return [
        entry["name"]
        for entry in ranking
        if entry.get("name") in topics and entry.get("confidence", 0.0) >= min_confidence
    ][:MAX_CANDIDATES]


def close_pair(ranking: list[dict[str, Any]], candidates: list[str]) -> bool:
    """The two best candidates are both confident: the message is about one of them."""
    confidence = {entry.get("name"): float(entry.get("confidence", 0.0)) for entry in ranking}
    return len(candidates) >= 2 and all(
        confidence.get(name, 0.0) >= CLOSE_PAIR_MIN_CONFIDENCE for name in candidates[:2]
    )


def agreed_topic(parsed: dict[str, Any], candidates: list[str]) -> str | None:
    """The topic that a long message's story and its question both point to, if any."""
    asked = parsed.get(QUESTION_TOPIC) or {}
    if not candidates or asked.get("name") != candidates[0]:
        return None
    return candidates[0] if float(asked.get("confidence", 0.0)) >= AGREED_QUESTION_MIN else None


def answer_agreed_topic(
    dispatcher: CollectingDispatcher, topic: str, told_behaviour: bool, known: Content
) -> list[dict[str, Any]]:
    """The agreed topic's answer; when the story also told what the child does, the
    walk-through's button under it, as for a long story the classifier was sure of."""
    dispatcher.utter_message(response=f"utter_{topic}")  # its register variation too
    if told_behaviour:
        offer_walk_through(dispatcher, known)
    return [SlotSet("last_topic", topic)]


class ActionHandleUnclearMessage(Action):
    def name(self) -> str:
        return "action_handle_unclear_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = candidate_topics(ranking, known)
        by_intent = known.by_intent()
        found = best_passages(tracker.latest_message.get("passages") or [], known)
        events: list[dict[str, Any]] = []
        if referred := topic_referred_to(tracker, known):
            text = tracker.latest_message.get("text") or ""
            dispatcher.utter_message(text=follow_up_text(referred, text, known))
        elif (answered := answer_from_passages(dispatcher, found, tracker.latest_message, known)) is not None:
            events = answered
        elif agreed := agreed_topic(tracker.latest_message, candidates):
            text = tracker.latest_message.get("text") or ""
            if behaviour := behaviour_instead(text, by_intent[agreed], known):
                events = say_behaviour_reply(dispatcher, behaviour, known, [agreed])
            else:
                told = own_child_behaviour(text, known) is not None
                events = answer_agreed_topic(dispatcher, agreed, told, known)
        elif found:
            buttons = [topic_button(by_intent[p.topic]) for p in found]
            dispatcher.utter_message(
                text=known.messages["ask_which_topic"], buttons=[*buttons, something_else_button(known)]
            )
        elif close_pair(ranking, candidates):
            first, second = candidates[:2]
            text = tracker.latest_message.get("text") or ""
            if behaviour := behaviour_instead(text, by_intent[first], known):
                events = say_behaviour_reply(dispatcher, behaviour, known, [first, second])
            else:
                dispatcher.utter_message(response=f"utter_{first}")  # its register variation too
                dispatcher.utter_message(
                    text=known.messages["or_this_topic"], buttons=[topic_button(by_intent[second])]
                )
                events = [SlotSet("last_topic", first)]
        elif behaviour := own_child_behaviour(tracker.latest_message.get("text") or "", known):
            events = say_behaviour_reply(dispatcher, behaviour, known, candidates)
        elif candidates:
            buttons = [topic_button(by_intent[name]) for name in candidates]
            dispatcher.utter_message(
                text=known.messages["ask_which_topic"],
                buttons=[*buttons, something_else_button(known)],
            )
        else:
            buttons = [topic_button(item) for item in known.starters("unclear")]
            dispatcher.utter_message(text=known.messages["not_understood"], buttons=buttons)
        line = checkin_line(tracker)  # the safety net was unsure: one calm help line
        if line:
            dispatcher.utter_message(text=line)
        return events
