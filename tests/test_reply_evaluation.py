"""The reply-level scorer judges what a user sees, and can say no."""

from __future__ import annotations

from bot.content import render
from bot.content.model import Content
from bot.content.passages import passages
from bot.reply_evaluation import evaluate, judged, report


def item(kind: str, topic: str, audience: str = "parent", **expect) -> dict:
    return {
        "id": "x",
        "audience": audience,
        "kind": kind,
        "turns": ["..."],
        "expect": {"topic": topic, **expect},
    }


def test_a_topic_is_right_only_with_its_own_text(content: Content) -> None:
    mentalising, signals = content.by_intent()["mentalising"], content.by_intent()["signals"]
    assert judged(item("general", "mentalising"), render.answer_text(mentalising, content), content)
    assert judged(item("general", "mentalising"), render.professional_text(mentalising, content), content)
    assert not judged(item("general", "mentalising"), render.answer_text(signals, content), content)


def test_a_question_about_the_bot_may_get_any_answer_about_the_bot(content: Content) -> None:
    about = item("general", "about_bot")
    for intent in ("about_bot", "bot_challenge", "capabilities"):
        assert judged(about, render.answer_text(content.by_intent()[intent], content), content)
    assert not judged(about, render.answer_text(content.by_intent()["greet"], content), content)
    # the other way round stays strict: a question about mentalising needs mentalising
    mentalising = item("general", "mentalising")
    assert not judged(mentalising, render.answer_text(content.by_intent()["capabilities"], content), content)


def test_a_passage_of_the_topic_counts(content: Content) -> None:
    passage = next(p for p in passages(content) if p.topic == "risk_factors_overview")
    assert judged(
        item("short_specific", "risk_factors_overview"), render.passage_text(passage, content), content
    )


def test_a_passage_question_needs_every_term(content: Content) -> None:
    asked = item("passage", "risk_factors_overview", "professional", must_mention=["Wolff", "vier"])
    assert judged(asked, "De richtlijn (Wolff & Wildeman) noemt vier gebieden.", content)
    assert not judged(asked, "De richtlijn noemt vier gebieden.", content)


def test_out_of_scope_needs_the_decline(content: Content) -> None:
    decline = render.answer_text(content.intent_for("out_of_scope"), content)
    assert judged(item("out_of_scope", "out_of_scope"), decline, content)
    assert not judged(item("out_of_scope", "out_of_scope"), content.messages["not_understood"], content)


def test_follow_up_layers(content: Content) -> None:
    topic = content.by_intent()["sensitive_responding"]
    assert judged(
        item("follow_up", topic.intent, layer="simple"), render.answer_text(topic, content), content
    )
    assert judged(
        item("follow_up", topic.intent, layer="source"), render.sources_text(topic, content), content
    )
    assert not judged(
        item("follow_up", topic.intent, layer="source"), render.answer_text(topic, content), content
    )
    teen = content.worry.age_bands["teenager"].help_now
    assert judged(item("follow_up", topic.intent, layer="age"), teen, content)


def test_the_report_has_the_four_figures(content: Content) -> None:
    items = [item("general", "mentalising"), item("out_of_scope", "out_of_scope", "professional")]
    results = evaluate(items, lambda i: "iets anders", content)
    lines = report(results)
    assert lines[0].startswith("parents") and "0.000 (0/1" in lines[0]
    assert any(line.startswith("out of scope") and "(0/1" in line for line in lines)
