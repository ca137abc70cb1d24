"""Custom actions, run with rasa-sdk's own Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_footnotes import ActionAnswerFootnotes
from actions.described_behaviour import WALK_THROUGH, ActionAnswerTopicOrBehaviour
from actions.forget_me import ActionForgetMe
from actions.more_info import ActionMoreInfo
from actions.out_of_scope import ActionAnswerOutOfScope
from actions.unclear_message import (
    AGREED_QUESTION_MIN,
    CLOSE_PAIR_MIN_CONFIDENCE,
    MIN_CANDIDATE_CONFIDENCE,
    ActionHandleUnclearMessage,
    candidate_topics,
)
from bot.content import render
from bot.content.model import Content
from bot.privacy import FORGET_MARKER


def make_tracker(
    slots: dict | None = None,
    ranking: list[dict] | None = None,
    text: str = "iets",
    question_topic: dict | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": ranking or [],
        "entities": [],
    }
    if question_topic is not None:
        latest["question_topic"] = question_topic
    return Tracker("test-user", slots or {}, latest, [], False, None, {}, "action_listen")


def unclear_replies(tracker: Tracker) -> list[dict]:
    """The unclear-message action's messages, whatever events it returns."""
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHandleUnclearMessage().run(dispatcher, tracker, {}))
    return dispatcher.messages


def run(action, tracker: Tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


def test_more_info_gives_the_detail_of_the_last_topic(content: Content) -> None:
    [message] = run(ActionMoreInfo(), make_tracker({"last_topic": "mentalising"}))
    topic = content.by_intent()["mentalising"]
    assert message["text"] == render.more_text(topic, content)
    assert "Literatuur" in message["text"] or "Bronnen:" in message["text"]


def test_more_info_without_a_topic_asks_which_one(content: Content) -> None:
    [message] = run(ActionMoreInfo(), make_tracker({"last_topic": None}))
    assert message["text"] == content.by_intent()["more_info"].answer
    assert message["buttons"]


def test_more_info_ignores_a_slot_value_that_is_no_topic(content: Content) -> None:
    [message] = run(ActionMoreInfo(), make_tracker({"last_topic": "greet"}))
    assert message["text"] == content.by_intent()["more_info"].answer


def test_two_confident_topics_too_close_to_call_get_the_first_answer_and_the_other_as_a_button(
    content: Content,
) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "disorganised_attachment", "confidence": CLOSE_PAIR_MIN_CONFIDENCE + 0.1},
        {"name": "causes", "confidence": CLOSE_PAIR_MIN_CONFIDENCE + 0.09},
    ]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleUnclearMessage().run(dispatcher, make_tracker(ranking=ranking), {}))
    answer, offer = dispatcher.messages
    assert answer["response"] == "utter_disorganised_attachment"
    assert offer["text"] == content.messages["or_this_topic"]
    assert [b["payload"] for b in offer["buttons"]] == ["/causes"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "last_topic", "value": "disorganised_attachment"}
    ]


def test_two_close_topics_are_offered_as_buttons(content: Content) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "avoidant_attachment", "confidence": 0.31},
        {"name": "ambivalent_attachment", "confidence": 0.28},
        {"name": "greet", "confidence": 0.1},
    ]
    [message] = run(ActionHandleUnclearMessage(), make_tracker(ranking=ranking))
    assert message["text"] == content.messages["ask_which_topic"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/avoidant_attachment", "/ambivalent_attachment", "/capabilities"]


def test_no_likely_topic_gives_starter_topics(content: Content) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "signals", "confidence": MIN_CANDIDATE_CONFIDENCE / 2},
    ]
    [message] = run(ActionHandleUnclearMessage(), make_tracker(ranking=ranking))
    assert message["text"] == content.messages["not_understood"]
    # Declared in the topics' files (`starter: {unclear: N}`), in that order.
    assert [b["payload"] for b in message["buttons"]] == [
        "/what_is_attachment",
        "/signals",
        "/where_to_find_help",
    ]


def test_an_empty_ranking_is_handled(content: Content) -> None:
    [message] = run(ActionHandleUnclearMessage(), make_tracker(ranking=[]))
    assert message["text"] == content.messages["not_understood"]


def test_candidates_skip_non_topics_and_keep_order(content: Content) -> None:
    ranking = [
        {"name": "greet", "confidence": 0.6},
        {"name": "signals", "confidence": 0.3},
        {"name": "causes", "confidence": 0.2},
        {"name": "repair", "confidence": 0.19},
        {"name": "diagnosis", "confidence": 0.18},
    ]
    assert candidate_topics(ranking, content) == ["signals", "causes", "repair"]


def test_the_action_server_registers_every_custom_action_of_the_domain_and_nothing_else(
    content: Content,
) -> None:
    import yaml
    from rasa.shared.core.domain import Domain
    from rasa_sdk.executor import ActionExecutor

    from bot.content import build

    executor = ActionExecutor()
    executor.register_package("actions")  # what `rasa run actions` does; a crash here stops the server
    domain = Domain.from_dict(yaml.safe_load(build.domain(content)))
    custom = {a for a in domain.user_actions if a.startswith(("action_", "validate_"))}
    assert custom <= set(executor.actions)
    assert all(
        name.startswith(("action_", "validate_")) and len(name) > len("action_") for name in executor.actions
    )


def test_a_parent_describing_their_own_childs_behaviour_gets_the_behaviour_reply(content: Content) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "signals", "confidence": 0.3}]
    tracker = make_tracker(ranking=ranking, text="mijn zoon van 15 spijbelt en loopt steeds weg van huis")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleUnclearMessage().run(dispatcher, tracker, {}))
    behaviour, help_now = dispatcher.messages
    assert behaviour["text"].startswith(content.worry.questions.behaviour_intro)
    assert "Heftig of agressief gedrag" in behaviour["text"]
    assert content.worry.age_bands["teenager"].help_now in help_now["text"]
    assert [b["payload"] for b in help_now["buttons"]] == [f"/{WALK_THROUGH}", "/signals"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "noted_signals", "value": ["behaviour_problems"]}
    ]


# A long story about what the child does, ending in a question about a topic; the classifier
# is torn between the walk-through and that topic (the FallbackClassifier's ambiguity).
STORY_WITH_QUESTION = (
    "mijn dochter van 4 duwt iedereen weg en wil nooit getroost worden. ze kwam op haar tweede bij ons. "
    "we doen echt ons best. heeft dat late komen invloed op haar hechting?"
)
TORN = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "worried_about_child", "confidence": 0.45},
    {"name": "adoption", "confidence": 0.44},
    {"name": "signals", "confidence": 0.05},
]


def test_a_long_story_whose_question_agrees_with_its_best_topic_gets_that_topic(content: Content) -> None:
    asked = {"name": "adoption", "confidence": AGREED_QUESTION_MIN + 0.1}
    tracker = make_tracker(ranking=TORN, text=STORY_WITH_QUESTION, question_topic=asked)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleUnclearMessage().run(dispatcher, tracker, {}))
    answer, walk_through = dispatcher.messages
    assert answer["response"] == "utter_adoption"
    # The story told what the child does: the walk-through stays one tap away.
    assert walk_through["text"] == content.messages["also_told_behaviour"]
    assert [b["payload"] for b in walk_through["buttons"]] == [f"/{WALK_THROUGH}"]
    assert events == [{"event": "slot", "timestamp": None, "name": "last_topic", "value": "adoption"}]


def test_an_agreed_topic_without_a_described_behaviour_has_no_walk_through_button(content: Content) -> None:
    text = "we hebben hem geadopteerd. hij is nu 6. heeft dat late komen invloed op zijn hechting?"
    asked = {"name": "adoption", "confidence": AGREED_QUESTION_MIN + 0.1}
    [answer] = unclear_replies(make_tracker(ranking=TORN, text=text, question_topic=asked))
    assert answer["response"] == "utter_adoption"


def test_a_question_that_points_elsewhere_or_weakly_settles_nothing(content: Content) -> None:
    for asked in (
        {"name": "repair", "confidence": 0.9},  # another topic than the story's best
        {"name": "adoption", "confidence": AGREED_QUESTION_MIN - 0.1},  # too unsure on its own
    ):
        tracker = make_tracker(ranking=TORN, text=STORY_WITH_QUESTION, question_topic=asked)
        first, *_ = unclear_replies(tracker)
        assert first["text"].startswith(content.worry.questions.behaviour_intro)


def test_the_same_words_without_the_writers_own_child_are_no_described_behaviour(content: Content) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}]
    text = "waarom spijbelen tieners en lopen ze weg van huis"
    [message] = run(ActionHandleUnclearMessage(), make_tracker(ranking=ranking, text=text))
    assert message["text"] == content.messages["not_understood"]


def test_an_own_child_without_a_signal_still_gets_the_unclear_reply(content: Content) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}]
    text = "mijn dochter heeft gisteren een nieuwe fiets gekregen"
    [message] = run(ActionHandleUnclearMessage(), make_tracker(ranking=ranking, text=text))
    assert message["text"] == content.messages["not_understood"]


def out_of_scope_tracker(text: str, active_loop: str | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": "out_of_scope", "confidence": 0.8}, "entities": []}
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-user", {}, latest, [], False, None, loop, "action_listen")


def test_a_described_behaviour_read_as_out_of_scope_gets_the_behaviour_reply(content: Content) -> None:
    dispatcher = CollectingDispatcher()
    tracker = out_of_scope_tracker("onze zoon van 13 spijbelt en is al twee keer van huis weggelopen")
    events = asyncio.run(ActionAnswerOutOfScope().run(dispatcher, tracker, {}))
    behaviour, help_now = dispatcher.messages
    assert behaviour["text"].startswith(content.worry.questions.behaviour_intro)
    assert content.intent_for("out_of_scope").answer not in behaviour["text"]
    assert [b["payload"] for b in help_now["buttons"]] == [f"/{WALK_THROUGH}", "/signals"]
    assert events[0]["name"] == "noted_signals" and events[0]["value"]


def test_a_question_outside_the_subject_keeps_the_decline_and_its_topics(content: Content) -> None:
    decline = content.intent_for("out_of_scope")
    for text in ["hoe krijg ik vlekken uit een wit shirt", "mijn zoon van 6 heeft koorts, wat moet ik doen"]:
        [message] = run(ActionAnswerOutOfScope(), out_of_scope_tracker(text))
        assert message["text"] == render.answer_text(decline, content)
        assert message["buttons"] == render.answer_buttons(decline, content)


def test_inside_the_walk_through_out_of_scope_stays_a_decline(content: Content) -> None:
    text = "onze zoon van 13 spijbelt en is al twee keer van huis weggelopen"
    [message] = run(ActionAnswerOutOfScope(), out_of_scope_tracker(text, active_loop="worry_form"))
    assert message["text"] == render.answer_text(content.intent_for("out_of_scope"), content)


def said(*intents: str) -> Tracker:
    """A tracker whose user said messages with these intents, the last one latest."""
    events = [{"event": "user", "text": i, "parse_data": {"intent": {"name": i}}} for i in intents]
    latest = {"text": intents[-1], "intent": {"name": intents[-1], "confidence": 0.9}, "entities": []}
    return Tracker("test-user", {}, latest, events, False, None, {}, "action_listen")


def test_a_first_request_to_delete_asks_to_confirm_and_deletes_nothing(content: Content) -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionForgetMe().run(dispatcher, said("greet", "forget_me"), {}))
    [message] = dispatcher.messages
    assert message["text"] == content.messages["forget_confirm"]
    assert not (message.get("custom") or {}).get(FORGET_MARKER)
    yes, no = message["buttons"]
    assert yes["payload"] == "/forget_me" and no["payload"] == "/capabilities"


def test_asking_to_delete_again_right_after_deletes(content: Content) -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionForgetMe().run(dispatcher, said("greet", "forget_me", "forget_me"), {}))
    [message] = dispatcher.messages
    assert message["custom"] == {FORGET_MARKER: True}
    assert message["text"].startswith(content.by_intent()["forget_me"].answer.split("\n")[0])


def test_a_request_after_another_message_asks_again(content: Content) -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionForgetMe().run(dispatcher, said("forget_me", "secure_attachment", "forget_me"), {}))
    assert dispatcher.messages[0]["text"] == content.messages["forget_confirm"]


# Topics that name a pattern a child can have (`behaviour_reply_unless_named`).
def pattern_tracker(
    text: str, intent: str = "avoidant_attachment", active_loop: str | None = None
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.8}, "entities": []}
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-user", {}, latest, [], False, None, loop, "action_listen")


OWN_CHILD_NO_COMFORT = "mijn dochter van 3 zoekt nooit troost bij mij als ze valt, ze speelt gewoon door"


def test_a_parent_describing_their_child_is_not_told_a_pattern_but_gets_the_behaviour_reply(
    content: Content,
) -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionAnswerTopicOrBehaviour().run(dispatcher, pattern_tracker(OWN_CHILD_NO_COMFORT), {})
    )
    behaviour, help_now = dispatcher.messages
    assert behaviour["text"].startswith(content.worry.questions.behaviour_intro)
    assert content.by_intent()["avoidant_attachment"].answer not in behaviour["text"] + help_now["text"]
    # The pattern stays one tap away, after the walk-through.
    assert [b["payload"] for b in help_now["buttons"]] == [f"/{WALK_THROUGH}", "/avoidant_attachment"]
    assert events == [{"event": "slot", "timestamp": None, "name": "noted_signals", "value": ["pushes_away"]}]


def test_a_pattern_topic_answers_when_the_pattern_or_no_own_child_is_named(content: Content) -> None:
    for text in [
        OWN_CHILD_NO_COMFORT + ". de pleegzorgwerker zei vermijdend, wat betekent dat?",  # named
        OWN_CHILD_NO_COMFORT + ". heeft dat met hechting te maken?",  # attachment asked about
        "waarom zoekt een kind van 3 nooit troost als het valt?",  # no own child
        # A long story that asks a question: the topic answers it, as every topic does.
        OWN_CHILD_NO_COMFORT + ". de juf vindt het prima. ik twijfel. waar kan dat vandaan komen?",
        "/avoidant_attachment",  # the topic's button
    ]:
        [answer] = run(ActionAnswerTopicOrBehaviour(), pattern_tracker(text))
        assert answer["response"] == "utter_avoidant_attachment", text


def test_inside_the_walk_through_a_pattern_topic_is_answered_as_a_digression(content: Content) -> None:
    tracker = pattern_tracker(OWN_CHILD_NO_COMFORT, active_loop="worry_form")
    [answer] = run(ActionAnswerTopicOrBehaviour(), tracker)
    assert answer["response"] == "utter_avoidant_attachment"


def test_a_professional_gets_the_pattern_topic(content: Content) -> None:
    latest = {"text": OWN_CHILD_NO_COMFORT, "intent": {"name": "avoidant_attachment"}, "entities": []}
    tracker = Tracker("test-user", {"register": "professional"}, latest, [], False, None, {}, "action_listen")
    [answer] = run(ActionAnswerTopicOrBehaviour(), tracker)
    assert answer["response"] == "utter_avoidant_attachment"


def test_an_unsure_reading_of_a_pattern_topic_also_gets_the_behaviour_reply(content: Content) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "avoidant_attachment", "confidence": CLOSE_PAIR_MIN_CONFIDENCE + 0.1},
        {"name": "signals", "confidence": CLOSE_PAIR_MIN_CONFIDENCE + 0.09},
    ]
    behaviour, help_now = unclear_replies(make_tracker(ranking=ranking, text=OWN_CHILD_NO_COMFORT))
    assert behaviour["text"].startswith(content.worry.questions.behaviour_intro)
    assert [b["payload"] for b in help_now["buttons"]] == [
        f"/{WALK_THROUGH}",
        "/avoidant_attachment",
        "/signals",
    ]


def test_the_walk_through_button_is_not_offered_twice_under_one_reply(content: Content) -> None:
    walk_through = render.topic_button(content.by_intent()[WALK_THROUGH])
    latest = {"text": OWN_CHILD_NO_COMFORT, "intent": {"name": "avoidant_attachment"}, "entities": []}
    latest["also_asked"] = {"name": WALK_THROUGH, "confidence": 0.6}
    events = [
        {"event": "user", "text": OWN_CHILD_NO_COMFORT},
        {"event": "bot", "text": "…", "data": {"buttons": [walk_through]}},
    ]
    tracker = Tracker("test-user", {}, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerFootnotes().run(dispatcher, tracker, {}))
    assert dispatcher.messages == []
    # Under a reply without it, the button is offered.
    tracker = Tracker("test-user", {}, latest, events[:1], False, None, {}, "action_listen")
    asyncio.run(ActionAnswerFootnotes().run(dispatcher, tracker, {}))
    assert [m["text"] for m in dispatcher.messages] == [content.messages["also_told_behaviour"]]
