"""The curated content is complete, consistent and wired into Rasa's files."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.content import build, check, render
from bot.content.model import Content, Intent, load_content

CONTENT = load_content()


def test_every_role_the_code_relies_on_is_played_once(content: Content) -> None:
    from bot.content.model import ROLES

    assert {role: content.intent_for(role).role for role in ROLES} == {role: role for role in ROLES}
    assert len(content.topics) >= 36  # the topics of issue #2; fewer means one was deleted
    assert check.check_roles(content) == []


def test_a_missing_or_doubled_role_is_reported(content: Content) -> None:
    stop = content.intent_for("questionnaire_stop")
    without = dataclasses.replace(
        content, conversation=tuple(c for c in content.conversation if c is not stop)
    )
    assert any("role 'questionnaire_stop'" in p for p in check.check_roles(without))
    doubled = dataclasses.replace(
        content, conversation=(*content.conversation, stop.copy(update={"intent": "stop_again"}))
    )
    assert any("found 2" in p for p in check.check_roles(doubled))


def test_content_rules_hold(content: Content) -> None:
    assert check.check_content(content) == []


def test_generated_rasa_files_are_up_to_date(content: Content) -> None:
    stale = build.stale_generated(content)
    assert stale == [], f"run `make content`: stale {stale}"


@pytest.mark.parametrize("topic", CONTENT.topics, ids=lambda t: t.intent)
def test_topic_answer_names_the_sources_it_uses(topic: Intent, content: Content) -> None:
    text = render.answer_text(topic, content)
    assert topic.answer_sources
    for key in topic.answer_sources:
        assert content.sources[key].title in text
    assert text.strip().splitlines()[-1].startswith(("Bron: ", "Bronnen: "))


@pytest.mark.parametrize("topic", CONTENT.topics, ids=lambda t: t.intent)
def test_topic_buttons_point_to_real_topics(topic: Intent, content: Content) -> None:
    buttons = render.answer_buttons(topic, content)
    assert 2 <= len(buttons) <= 4
    targets = {t.intent for t in content.topics} | {content.intent_for("questionnaire_start").intent}
    for button in buttons:
        payload = button["payload"]
        if payload.startswith("/more_info"):
            assert f'"topic": "{topic.intent}"' in payload
        else:
            assert payload[1:] in targets


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_intent_has_examples_tests_a_rule_and_an_answer(content: Content) -> None:
    files = build.generated_files(content)
    nlu = {block["intent"] for block in _load(build.PROJECT_DIR / "data/nlu.yml")["nlu"]}
    tests = {block["intent"] for block in _load(build.PROJECT_DIR / "tests/nlu_test_set.yml")["nlu"]}
    rules = (
        _load(build.PROJECT_DIR / "data/intent_rules.yml")["rules"]
        + _load(build.PROJECT_DIR / "data/rules.yml")["rules"]
        + _load(build.PROJECT_DIR / "data/safety_rules.yml")["rules"]
    )
    ruled = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    domain = _load(build.PROJECT_DIR / "domain.yml")
    assert files  # the generator knows its outputs
    for item in content.intents:
        assert item.intent in nlu and item.intent in tests and item.intent in ruled
        assert item.intent in domain["intents"]
        if item.role == "safety":  # one reply per category, chosen by rules
            assert all(build.safety_response(c) in domain["responses"] for c in content.safety.replies)
            continue
        if not item.has_generated_rule:  # answered by hand-written rules (checked above: ruled)
            continue
        action = item.reply_action
        assert action in domain["responses"] or action in domain["actions"]


def test_test_set_is_never_trained_on(content: Content) -> None:
    trained = {check.normalise(e) for item in content.intents for e in item.examples}
    held_out = [e for item in content.intents for e in item.test_examples]
    assert held_out and not [e for e in held_out if check.normalise(e) in trained]


# The checker itself must catch mistakes, or the rules above prove nothing.
def _broken_topic(**changes) -> Intent:
    base = CONTENT.topics[0].dict()
    base.update(changes)
    return Intent(**base)


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"answer": "woord " * 91}, "at most 90"),
        (
            {"evidence": [{"claim": "hechting is", "source": "no_such_source", "quote": "x"}]},
            "unknown source",
        ),
        ({"evidence": []}, "backed by at least one source"),
        ({"reviewed": None}, "reviewed: YYYY-MM-DD"),
        ({"related": ["no_such_topic", "signals"]}, "is not a topic intent"),
        ({"examples": ["een", "twee"]}, "at least 20"),
        ({"test_examples": ["een"]}, "at least 6"),
        ({"more": ""}, "meer weten"),
        ({"related": ["signals"]}, "related topics"),
        ({"title": "x" * 41}, "title longer"),
        ({"title": " "}, "title is empty"),
        ({"answer": ""}, "answer is empty"),
        ({"answer": "Kies {een onderwerp"}, "unbalanced braces"),
    ],
)
def test_checker_reports_broken_topics(changes, expected, content: Content) -> None:
    problems = check.check_intent(_broken_topic(**changes), content)
    assert any(expected in p for p in problems), problems


def test_checker_reports_a_test_example_that_is_trained_on(content: Content) -> None:
    first = content.topics[0]
    leaky = _broken_topic(test_examples=[first.examples[0].upper() + "?", *first.test_examples])
    broken = dataclasses.replace(content, topics=(leaky, *content.topics[1:]))
    assert any("also a training example" in p for p in check.check_examples(broken))


def test_normalise_ignores_case_and_punctuation() -> None:
    assert check.normalise("Wat is HECHTING??") == check.normalise("wat is hechting")


def test_more_button_payload_survives_rasa_response_filling(content: Content, monkeypatch) -> None:
    """Rasa fills `{slot}` placeholders in domain responses: the payload's JSON must come
    out intact, without Rasa's interpolation error."""
    import asyncio

    from rasa.core.nlg import TemplatedNaturalLanguageGenerator, interpolator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    errors = []
    monkeypatch.setattr(interpolator.structlogger, "exception", lambda *a, **k: errors.append(a))
    domain = Domain.load(str(build.PROJECT_DIR / "domain.yml"))
    topic = content.by_intent()["adoption"]
    tracker = DialogueStateTracker.from_events("test", [], slots=domain.slots)
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    message = asyncio.run(generator.generate(topic.response_name, tracker, "rest"))
    payloads = [button["payload"] for button in message["buttons"]]
    assert '/more_info{"topic": "adoption"}' in payloads
    assert errors == []


def test_the_dialogue_fallback_answers_in_dutch_with_buttons(content: Content) -> None:
    # Rasa's action_default_fallback sends utter_default and is silent without it.
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    config = yaml.safe_load((root / "config.yml").read_text())
    rule_policy = next(p for p in config["policies"] if p["name"] == "RulePolicy")
    assert rule_policy["core_fallback_action_name"] == "action_default_fallback"
    domain = yaml.safe_load((root / "domain.yml").read_text())
    (reply,) = domain["responses"]["utter_default"]
    assert reply["text"] == content.messages["not_understood"] and len(reply["buttons"]) >= 2


def test_each_offer_under_a_crisis_reply_names_the_second_line_of_every_category() -> None:
    content = load_content()
    responses = yaml.safe_load(build.domain(content))["responses"]
    for name in ("utter_safety_offer_continue", "utter_safety_offer_resume"):
        *conditional, plain = responses[name]
        assert "condition" not in plain
        by_category = {v["condition"][0]["value"]: v for v in conditional}
        assert set(by_category) == set(content.safety.checkin)
        for category, variation in by_category.items():
            assert variation["condition"][0]["name"] == "danger_also"
            assert variation["text"] == f"{content.safety.checkin[category]}\n\n{plain['text']}"
            assert variation["buttons"] == plain["buttons"]


def test_every_walk_through_question_is_asked_with_its_buttons_and_a_stop() -> None:
    """Rasa's form asks for a slot with `action_ask_<slot>` or else `utter_ask_<slot>`:
    each required slot needs one, and the fixed questions are plain responses (no call to
    the action server), generated from worry.yml."""
    content = load_content()
    domain = yaml.safe_load(build.domain(content))
    questions = content.worry.questions
    for form in domain["forms"].values():
        for slot in form["required_slots"]:
            asked_by_action = f"action_ask_{slot}" in domain["actions"]
            asked_by_response = build.form_question_response(slot) in domain["responses"]
            assert asked_by_action != asked_by_response, slot  # exactly one way to ask
    for slot, keys in questions.STATIC_BUTTONS.items():
        (response,) = domain["responses"][build.form_question_response(slot)]
        assert response["text"] == questions.get(slot)
        *answers, stop = response["buttons"]
        assert [b["title"] for b in answers] == [questions.get(k) for k in keys]
        assert all(b["payload"] == b["title"] for b in answers)
        assert stop == {"title": questions.button_stop, "payload": "/stop"}
