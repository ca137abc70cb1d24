"""Answers from curated passages when no topic is a confident fit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.unclear_message import (
    MIN_LITERATURE_SCORE,
    MIN_PASSAGE_SCORE,
    ActionHandleUnclearMessage,
    best_passages,
)
from bot.content import render
from bot.content.model import Content
from bot.content.passages import passages, passages_by_key
from bot.language.passage_component import PASSAGES, PRECISE_QUESTION, PassageRetriever


def test_every_passage_is_our_text_with_its_sources(content: Content) -> None:
    found = passages(content)
    assert len(found) > 150
    by_intent = content.by_intent()
    for passage in found:
        topic = by_intent[passage.topic]
        assert passage.text in topic.answer + "\n" + topic.more
        assert passage.sources and set(passage.sources) <= set(content.sources)


@pytest.fixture(scope="module")
def retriever(tmp_path_factory) -> PassageRetriever:
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("passages")))
    PassageRetriever({}, storage, Resource("passages")).train(None)
    return PassageRetriever.load({}, storage, Resource("passages"), None)


def test_a_precise_question_finds_the_passage_that_answers_it(retriever, content: Content) -> None:
    [best, *_] = retriever.search("welke auteurs schreven de richtlijn problematische gehechtheid")
    passage = passages_by_key(content)[best["key"]]
    assert "Wolff & Wildeman" in render.passage_text(passage, content)
    assert best["score"] >= MIN_PASSAGE_SCORE


def test_a_question_outside_the_subject_finds_nothing_good_enough(retriever) -> None:
    assert retriever.search("hoe laat moet een kind van 4 naar bed")[0]["score"] < MIN_PASSAGE_SCORE


def test_only_a_message_without_a_confident_topic_is_searched(retriever) -> None:
    unsure = Message(
        data={TEXT: "welke domeinen onderscheidt de richtlijn", INTENT: {"name": "nlu_fallback"}}
    )
    sure = Message(data={TEXT: "welke domeinen onderscheidt de richtlijn", INTENT: {"name": "signals"}})
    retriever.process([unsure, sure])
    assert unsure.get(PASSAGES) and sure.get(PASSAGES) is None


def tracker(found: list[dict]) -> Tracker:
    latest = {"text": "x", "intent": {"name": "nlu_fallback"}, "intent_ranking": [], "passages": found}
    return Tracker("u", {}, latest, [], False, None, {}, "action_listen")


def run(found: list[dict]) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleUnclearMessage().run(dispatcher, tracker(found), {}))
    return events, dispatcher.messages


def keys_of_two_topics(content: Content) -> tuple[str, str]:
    found = passages(content)
    first = found[0]
    other = next(p for p in found if p.topic != first.topic)
    return first.key, other.key


def test_a_clearly_best_passage_is_the_answer_with_its_source(content: Content) -> None:
    first, other = keys_of_two_topics(content)
    events, [message] = run([{"key": first, "score": 0.4}, {"key": other, "score": 0.2}])
    passage = passages_by_key(content)[first]
    assert message["text"] == render.passage_text(passage, content)
    assert message["buttons"][0]["payload"] == f"/{passage.topic}"
    assert events == [{"event": "slot", "timestamp": None, "name": "last_topic", "value": passage.topic}]


def two_of_one_topic(content: Content) -> tuple[str, str]:
    found = passages(content)
    first = next(p for p in found if sum(q.topic == p.topic for q in found) >= 2)
    second = next(p for p in found if p.topic == first.topic and p.key != first.key)
    return first.key, second.key


def test_the_next_passage_of_the_topic_joins_when_it_fits_nearly_as_well(content: Content) -> None:
    first, second = two_of_one_topic(content)
    _, other = keys_of_two_topics(content)
    by_key = passages_by_key(content)
    _, [both] = run(
        [{"key": second, "score": 0.4}, {"key": first, "score": 0.3}, {"key": other, "score": 0.2}]
    )
    # in the topic's own order, each source once, one button to the topic
    assert both["text"] == render.passages_text([by_key[first], by_key[second]], content)
    assert both["text"].index(by_key[first].text) < both["text"].index(by_key[second].text)
    for key in {*by_key[first].sources, *by_key[second].sources}:
        assert both["text"].count(content.sources[key].label()) == 1
    assert [b["payload"] for b in both["buttons"]] == [f"/{by_key[first].topic}"]
    _, [alone] = run([{"key": second, "score": 0.4}, {"key": first, "score": 0.2}])
    assert alone["text"] == render.passage_text(by_key[second], content)


def test_two_passages_too_close_to_call_become_a_question(content: Content) -> None:
    first, other = keys_of_two_topics(content)
    assert len(best_passages([{"key": first, "score": 0.4}, {"key": other, "score": 0.39}], content)) == 2
    _, [message] = run([{"key": first, "score": 0.4}, {"key": other, "score": 0.39}])
    assert message["text"] == content.messages["ask_which_topic"]


def literature_keys_of_two_topics(content: Content) -> tuple[str, str]:
    found = [p for p in passages(content) if p.literature]
    first = found[0]
    other = next(p for p in found if p.topic != first.topic)
    return first.key, other.key


def test_two_sources_too_close_to_call_are_both_the_answer(content: Content) -> None:
    """A question for the evidence that two topics' literature fits about equally well gets
    both passages with their literature, not "which topic?" (which hid the reference)."""
    first, other = literature_keys_of_two_topics(content)
    close = [{"key": first, "score": 0.3, "for_literature": True}, {"key": other, "score": 0.29}]
    by_key = passages_by_key(content)
    events, [intro, one, two] = run(close)
    assert intro["text"] == content.messages["two_sources_intro"]
    assert one["text"] == render.passages_text([by_key[first]], content)
    assert two["text"] == render.passages_text([by_key[other]], content)
    for key in (first, other):
        assert "; ".join(by_key[key].literature) in render.passages_text([by_key[key]], content)
    assert [b["payload"] for b in two["buttons"]] == [f"/{by_key[first].topic}", f"/{by_key[other].topic}"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "last_topic", "value": by_key[first].topic}
    ]
    # the same closeness in an ordinary search stays a question
    _, [question] = run([{"key": first, "score": 0.3}, {"key": other, "score": 0.29}])
    assert question["text"] == content.messages["ask_which_topic"]


def test_a_first_question_for_evidence_with_two_close_sources_names_both(content: Content) -> None:
    from actions.follow_ups import ActionSource

    first, other = literature_keys_of_two_topics(content)
    latest = {
        "text": "x",
        "intent": {"name": "ask_source"},
        "intent_ranking": [],
        "passages": [{"key": first, "score": 0.3, "for_literature": True}, {"key": other, "score": 0.29}],
    }
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSource().run(dispatcher, Tracker("u", {}, latest, [], False, None, {}, ""), {}))
    by_key = passages_by_key(content)
    assert [m["text"] for m in dispatcher.messages[1:]] == [
        render.passages_text([by_key[key]], content) for key in (first, other)
    ]


def test_a_passage_chosen_for_the_recognised_topic_is_the_answer_below_the_usual_bar(
    content: Content,
) -> None:
    """The retriever answers a precise question about a recognised topic from that topic's
    passage from a lower similarity on; the action must not turn it into "which topic?"."""
    first, other = keys_of_two_topics(content)
    topic = first.split("#")[0]
    weak = MIN_PASSAGE_SCORE - 0.05
    chosen = [{"key": first, "score": weak, "for_topic": topic}, {"key": other, "score": weak - 0.01}]
    assert [p.key for p in best_passages(chosen, content)] == [first]
    # the same weak passage found alone (no topic behind it) still leaves the unclear reply
    assert best_passages([{"key": first, "score": weak}], content) == []
    # and a mark for another topic than the passage's own is not trusted
    assert best_passages([{"key": first, "score": weak, "for_topic": "something_else"}], content) == []


def test_a_weak_passage_leaves_the_old_unclear_reply(content: Content) -> None:
    first, _ = keys_of_two_topics(content)
    _, [message] = run([{"key": first, "score": 0.1}])
    assert message["text"] == content.messages["not_understood"]


def test_a_precise_question_gets_a_passage_even_when_a_topic_fits(retriever) -> None:
    precise = Message(
        data={
            TEXT: "welke auteurs schreven de richtlijn problematische gehechtheid",
            INTENT: {"name": "diagnosis"},
        }
    )
    plain = Message(data={TEXT: "wat is veilige hechting", INTENT: {"name": "secure_attachment"}})
    retriever.process([precise, plain])
    assert precise.get(INTENT)["name"] == "nlu_fallback" and precise.get(PASSAGES)
    assert precise.get(PASSAGES)[0]["for_topic"] == "diagnosis"  # the action trusts it (see above)
    assert plain.get(INTENT)["name"] == "secure_attachment" and plain.get(PASSAGES) is None


def test_a_precise_word_outside_a_topic_question_changes_nothing(retriever) -> None:
    greeting = Message(data={TEXT: "hoi, ik heb een vraag over de richtlijn", INTENT: {"name": "greet"}})
    retriever.process([greeting])
    assert greeting.get(INTENT)["name"] == "greet"


def test_a_question_for_evidence_gets_a_passage_of_the_recognised_topic(retriever, content: Content) -> None:
    """Which study or source says so: the topic's own detail passage (with its literature),
    even when it scores below what a passage of another topic would need."""
    topic = next(t for t in content.topics if t.literature and t.more)
    asked = Message(
        data={TEXT: f"welk onderzoek hoort bij {topic.title.lower()}?", INTENT: {"name": topic.intent}}
    )
    retriever.process([asked])
    found, *companion = asked.get(PASSAGES)
    assert asked.get(INTENT)["name"] == "nlu_fallback" and found["key"].startswith(f"{topic.intent}#")
    # the topic's next best passage comes along, for the action to add when it fits nearly as well
    assert [c["key"].split("#")[0] for c in companion] == [topic.intent]


def test_a_question_only_the_precise_layer_answers_gets_that_passage(retriever, content: Content) -> None:
    """No precise words, but what is asked is in one detail passage, not in the short answer
    (here: a line of our own precise layer, asked back as a question)."""
    detail = next(p for p in passages(content) if p.detail and p.topic == "disorganised_attachment")
    line = detail.text.splitlines()[0].rstrip(".")
    asked = Message(data={TEXT: f"klopt het dat {line.lower()}?", INTENT: {"name": detail.topic}})
    general = Message(data={TEXT: "wat is gedesorganiseerde hechting", INTENT: {"name": detail.topic}})
    retriever.process([asked, general])
    assert asked.get(INTENT)["name"] == "nlu_fallback" and asked.get(PASSAGES)[0]["key"] == detail.key
    assert general.get(INTENT)["name"] == detail.topic and general.get(PASSAGES) is None


def test_a_parent_saying_what_they_think_is_no_request_for_evidence(retriever) -> None:
    plain = Message(data={TEXT: "volgens mij is mijn zoon onveilig gehecht", INTENT: {"name": "causes"}})
    retriever.process([plain])
    assert plain.get(INTENT)["name"] == "causes" and plain.get(PASSAGES) is None


def source_question(text: str, retriever: PassageRetriever) -> Message:
    message = Message(data={TEXT: text, INTENT: {"name": "ask_source"}})
    retriever.process([message])
    return message


def run_source_follow_up(message: Message, slots: dict) -> tuple[list[dict], list[dict]]:
    from actions.follow_ups import ActionSource

    latest = {"text": message.get(TEXT), "intent": message.get(INTENT), "intent_ranking": []}
    latest["passages"] = message.get(PASSAGES) or []
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionSource().run(dispatcher, Tracker("u", slots, latest, [], False, None, {}, ""), {})
    )
    return events, dispatcher.messages


def test_a_first_question_for_a_source_is_answered_from_the_passage_it_names(
    retriever: PassageRetriever, content: Content
) -> None:
    message = source_question("uit welke publicatie komt de richtlijn problematische gehechtheid?", retriever)
    assert message.get(INTENT)["name"] == "ask_source"  # the action decides, knowing the conversation
    events, [reply] = run_source_follow_up(message, {})
    assert "Wolff & Wildeman" in reply["text"]
    assert events and events[0]["name"] == "last_topic"


@pytest.mark.parametrize(
    "text", ["waar staat dat?", "wat is de bron?", "welke bronnen?", "en de literatuur?"]
)
def test_a_bare_source_question_without_a_topic_still_asks_which(
    retriever: PassageRetriever, content: Content, text: str
) -> None:
    events, [reply] = run_source_follow_up(source_question(text, retriever), {})
    asks = render.answer_text(content.intent_for("source"), content)
    assert reply["text"] == asks and events == []


def test_after_a_topic_a_source_question_is_about_that_topic(
    retriever: PassageRetriever, content: Content
) -> None:
    message = source_question("uit welke publicatie komt de richtlijn problematische gehechtheid?", retriever)
    _, [reply] = run_source_follow_up(message, {"last_topic": "adoption"})
    assert reply["text"] == render.sources_text(content.by_intent()["adoption"], content)


def test_a_first_question_for_evidence_searches_only_passages_that_name_literature(
    retriever: PassageRetriever, content: Content
) -> None:
    message = source_question("welke studie onderbouwt wat er over vroeggeboorte gezegd wordt?", retriever)
    found = message.get(PASSAGES)
    with_literature = {p.key for p in passages(content) if p.literature}
    assert found and all(f["key"] in with_literature and f["for_literature"] for f in found)
    # such a passage answers from a lower bar than one found among all passages
    weak = (MIN_LITERATURE_SCORE + MIN_PASSAGE_SCORE) / 2
    key = found[0]["key"]
    assert [p.key for p in best_passages([{"key": key, "score": weak, "for_literature": True}], content)] == [
        key
    ]
    assert best_passages([{"key": key, "score": weak}], content) == []


@pytest.mark.parametrize(
    ("text", "precise"),
    [
        ("uit hoeveel gesprekken bestaat die behandeling", True),
        ("vanaf welke leeftijd kan dat gebeuren", True),
        ("wat is het telefoonnummer van die aanbieder", True),
        ("hoe lang duurt het traject", True),
        ("wat is hechting", False),
        ("mijn zoon van 4 wil niet getroost worden", False),
    ],
)
def test_a_question_for_a_number_is_a_precise_question(text: str, precise: bool) -> None:
    assert bool(PRECISE_QUESTION.search(text)) is precise


def test_an_unplaced_question_for_evidence_searches_only_passages_that_name_literature(
    retriever: PassageRetriever, content: Content
) -> None:
    unsure = {INTENT: {"name": "nlu_fallback"}}
    evidence = Message(data={TEXT: "referentie voor het verband tussen armoede en gehechtheid?", **unsure})
    plain = Message(data={TEXT: "welke domeinen onderscheidt de richtlijn", **unsure})
    retriever.process([evidence, plain])
    with_literature = {p.key for p in passages(content) if p.literature}
    found = evidence.get(PASSAGES)
    assert found and all(f["key"] in with_literature and f["for_literature"] for f in found)
    assert plain.get(PASSAGES) and not any(f.get("for_literature") for f in plain.get(PASSAGES))
