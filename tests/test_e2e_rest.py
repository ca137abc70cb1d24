"""End-to-end: the real action server and Rasa server, questions over REST."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from bot.content import render
from bot.servers import Stack
from tests.servers_for_tests import served

pytestmark = [pytest.mark.needs_model, pytest.mark.e2e]


@pytest.fixture(scope="module")
def stack(trained_model, tmp_path_factory):
    # At DEBUG, the most talkative level: the log tests below hold for every level.
    with served(
        trained_model, tmp_path_factory.mktemp("stack"), rasa_port=5105, action_port=5155, debug=True
    ) as running:
        yield running


def post(url: str, payload: dict) -> tuple:
    request = urllib.request.Request(
        url, json.dumps(payload).encode("utf-8"), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def ask(stack: Stack, sender: str, message: str) -> list[dict]:
    status, body = post(stack.config.rest_url, {"sender": sender, "message": message})
    assert status == 200, body
    return body


QUESTIONS = {
    "wat betekent hechting eigenlijk voor een baby": "what_is_attachment",
    "welke signalen wijzen op hechtingsproblemen bij mijn kind": "signals",
    "waar kan ik terecht met zorgen over de hechting van mijn dochter": "where_to_find_help",
    "hoe werkt de NIKA behandeling": "treatment_nika",
}


@pytest.mark.parametrize("question, intent", QUESTIONS.items())
def test_a_question_gets_its_answer_with_source(stack, content, question, intent) -> None:
    topic = content.by_intent()[intent]
    replies = ask(stack, f"e2e-{intent}", question)
    assert replies[0]["text"] == render.answer_text(topic, content)
    assert render.sources_line(topic, content) in replies[0]["text"]
    assert [b["payload"] for b in replies[0]["buttons"]] == [
        b["payload"] for b in render.answer_buttons(topic, content)
    ]


def test_meer_weten_button_gives_the_detail(stack, content) -> None:
    ask(stack, "e2e-more", "wat is mentaliseren")
    topic = content.by_intent()["mentalising"]
    replies = ask(stack, "e2e-more", render.more_button(topic, content)["payload"])
    # Rasa's channels send text without buttons as one message per paragraph.
    assert "\n\n".join(r["text"] for r in replies if "text" in r) == render.more_text(topic, content)


def joined(replies: list[dict]) -> str:
    return "\n\n".join(r["text"] for r in replies if "text" in r)


def test_a_professional_gets_the_precise_layer_first_for_the_whole_conversation(stack, content) -> None:
    mentalising = content.by_intent()["mentalising"]
    replies = ask(stack, "e2e-pro", "als jeugdverpleegkundige: wat is mentaliseren precies?")
    assert joined(replies) == render.professional_text(mentalising, content)
    assert render.simpler_button(mentalising, content)["payload"] in [
        b["payload"] for r in replies for b in r.get("buttons", [])
    ]
    # The register is kept: the next topic comes precise too, without saying it again.
    signals = content.by_intent()["signals"]
    assert joined(ask(stack, "e2e-pro", "welke signalen van hechtingsproblemen zijn er")) == (
        render.professional_text(signals, content)
    )
    # ...and "simpler" gives the short answer of the topic just answered.
    assert joined(ask(stack, "e2e-pro", "kun je dat simpeler zeggen")) == render.answer_text(signals, content)


def test_a_parent_keeps_the_short_answer(stack, content) -> None:
    replies = ask(stack, "e2e-parent", "wat is mentaliseren precies?")
    assert replies[0]["text"] == render.answer_text(content.by_intent()["mentalising"], content)


def test_follow_ups_answer_about_the_topic_just_answered(stack, content) -> None:
    topic = content.by_intent()["sensitive_responding"]
    ask(stack, "e2e-follow", "wat is sensitief reageren")
    assert joined(ask(stack, "e2e-follow", "waar staat dat?")) == render.sources_text(topic, content)
    teen = content.worry.age_bands["teenager"].help_now
    assert teen in joined(ask(stack, "e2e-follow", "en bij een puber?"))


@pytest.mark.parametrize(
    "message", ["", " ", "?!?", "<script>alert(1)</script>", "hechting " * 400, "/no_such_intent", "😀😀"]
)
def test_odd_input_gets_a_friendly_answer_not_an_error(stack, message) -> None:
    status, body = post(stack.config.rest_url, {"sender": "e2e-odd", "message": message})
    assert status == 200, body
    assert body and all("text" in reply or "custom" in reply for reply in body)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def test_worried_parent_gets_explained_signals_and_help_places(stack, content) -> None:
    sender = "e2e-worry"
    first = ask(stack, sender, "ik maak me zorgen over mijn zoon van 3, hij laat zich niet troosten")
    assert content.intent_for("questionnaire_start").answer.strip().splitlines()[0] in texts(first)
    # Role and age were in the first message: the form goes on with the signals.
    assert "Genoteerd" in texts(first) or content.worry.questions.asker_role in texts(first)
    if content.worry.questions.asker_role in texts(first):
        first = ask(stack, sender, "Ouder of verzorger")
    ask(stack, sender, "Eist veel aandacht op")
    safe_question = ask(stack, sender, content.worry.questions.button_done)
    assert content.worry.questions.home_safe in texts(safe_question)
    advice = ask(stack, sender, content.worry.questions.button_safe)
    text = texts(advice)
    pushes_away = next(s for s in content.worry.signals if s.id == "pushes_away")
    assert pushes_away.explanation in text
    assert content.worry.age_bands["toddler"].help_now in text
    assert content.worry.where_to_go["age_0_4"] in text and "Bronnen:" in text


def test_a_disclosure_inside_the_form_gets_the_help_line_at_once(stack, content) -> None:
    sender = "e2e-worry-danger"
    ask(stack, sender, "ik maak me zorgen over mijn kind")
    replies = ask(stack, sender, "4, maar mijn man slaat hem als hij huilt")
    assert "0800-2000" in texts(replies)
    resumed = ask(stack, sender, "/worried_about_child")
    assert content.worry.questions.child_age_months in texts(resumed)


def test_the_form_survives_a_restart_of_the_rasa_server(stack, content) -> None:
    sender = "e2e-worry-restart"
    ask(stack, sender, "ik maak me zorgen over mijn dochter")
    asked_age = ask(stack, sender, "Ouder of verzorger")
    assert content.worry.questions.child_age_months in texts(asked_age)
    stack.stop_rasa()
    stack.start_rasa()
    after = ask(stack, sender, "anderhalf")
    assert content.worry.questions.child_signals in texts(after)


# ---- never silent, never shared, nothing kept that is not needed (docs/security.md) ----


@pytest.mark.parametrize(
    "body, why",
    [
        (b"", "empty body"),
        (b"not json", "not JSON"),
        (b"[1, 2]", "a list"),
        (b"null", "null"),
        (json.dumps({"message": "hoi"}).encode(), "no sender"),
        (json.dumps({"sender": "", "message": "hoi"}).encode(), "empty sender"),
        (json.dumps({"sender": ["x"], "message": "hoi"}).encode(), "sender not text"),
        (json.dumps({"sender": "e2e-bad", "message": 42}).encode(), "message a number"),
        (json.dumps({"sender": "e2e-bad", "message": ["hoi"]}).encode(), "message a list"),
        (json.dumps({"sender": "e2e-bad"}).encode(), "no message"),
    ],
)
def test_a_malformed_request_gets_400_with_a_json_error(stack, body, why) -> None:
    request = urllib.request.Request(stack.config.rest_url, body, {"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400, why
    assert "error" in json.loads(refused.value.read().decode("utf-8")), why


def test_personal_data_is_masked_before_it_is_stored(stack) -> None:
    ask(stack, "e2e-pii", "ik heet Fatima de Vries, bel me op 06-12345678 of mail f.devries@example.nl")
    stored = (
        sqlite3.connect(stack.config.tracker_db)
        .execute("select group_concat(data, ' ') from events where sender_id = 'e2e-pii'")
        .fetchone()[0]
    )
    assert "[telefoonnummer]" in stored
    for secret in ("06-12345678", "f.devries@example.nl", "Fatima"):
        assert secret not in stored
        assert all(
            secret not in log.read_text(errors="replace") for log in stack.config.log_dir.glob("*.log")
        )


def test_no_message_text_in_any_log_even_at_debug_level(stack) -> None:
    """docs/security.md: what people write never reaches a log (bot/privacy/log_redaction.py)."""
    from bot.privacy.log_redaction import REDACTED

    word = "zebravisjes"  # ordinary text the masking leaves alone: only redaction keeps it out
    sender = "e2e-no-text-in-logs"
    for message in (
        f"mijn zoon van 3 klampt zich vast sinds {word}, is dat normaal",
        "ik maak me zorgen over mijn kind",
        "moeder",
        "3 jaar",
        f"hij eet {word}",
    ):
        assert ask(stack, sender, message)
    logs = {log.name: log.read_text(errors="replace") for log in stack.config.log_dir.glob("*.log")}
    assert "DEBUG" in logs["rasa.log"] and REDACTED in logs["rasa.log"]  # the test can fail
    assert [name for name, text in logs.items() if word in text] == []


def stored_events(stack, sender: str) -> int:
    return (
        sqlite3.connect(stack.config.tracker_db)
        .execute("select count(*) from events where sender_id = ?", (sender,))
        .fetchone()[0]
    )


def test_asking_to_delete_and_confirming_deletes_the_conversation(stack, content) -> None:
    sender = "e2e-forget"
    ask(stack, sender, "mijn dochter van 2 huilt veel")
    asked = ask(stack, sender, "verwijder mijn gegevens")
    assert content.messages["forget_confirm"] in texts(asked)
    assert stored_events(stack, sender) > 0  # nothing deleted before the confirmation
    yes = next(
        b for r in asked for b in r.get("buttons", []) if b["title"] == content.messages["forget_confirm_yes"]
    )
    replies = ask(stack, sender, yes["payload"])
    assert content.by_intent()["forget_me"].answer.split("\n")[0] in texts(replies)
    assert all("custom" not in r for r in replies)  # the marker stays on the server
    assert stored_events(stack, sender) == 0


def test_a_disclosure_at_the_end_of_a_very_long_message_gets_the_help_line(stack) -> None:
    story = "Onze dochter speelt graag buiten en is vaak vrolijk. " * 4000  # about 200 KB
    replies = ask(stack, "e2e-long-danger", story + "Mijn man slaat mij en de kinderen elke avond.")
    assert "0800-2000" in texts(replies)


def test_a_very_long_ordinary_message_gets_a_kind_request_to_split_it(stack, content) -> None:
    replies = ask(stack, "e2e-long", "Onze zoon speelt graag met blokken en lacht veel. " * 4000)
    assert texts(replies) == content.messages["too_long"]


def test_without_the_action_server_crisis_replies_still_arrive_and_nothing_is_silent(stack, content) -> None:
    stack.processes["actions"].kill()
    stack.processes["actions"].wait()
    try:
        crisis = ask(stack, "e2e-no-actions", "mijn man slaat mij en de kinderen")
        assert "0800-2000" in texts(crisis)
        knife = ask(stack, "e2e-no-actions-2", "hij staat nu met een mes voor de deur")
        assert "112" in texts(knife)
        more = ask(stack, "e2e-no-actions-3", "/more_info")  # needs the action server
        assert texts(more) and "112" in texts(more)
    finally:
        stack.restart("actions")
    assert ask(stack, "e2e-actions-back", "wat is mentaliseren")


def test_make_run_supervisor_restarts_a_server_that_dies_and_says_so(stack, capsys, monkeypatch) -> None:
    """`make run` (python -m bot run) supervises the servers: kill one, it comes back."""
    import threading

    import bot.__main__ as cli

    purges = []
    monkeypatch.setattr(cli, "purge_now", lambda: purges.append(1))  # the hourly purge ran too
    stop = threading.Event()
    loop = threading.Thread(target=cli.supervise, args=(stack, stop.is_set, 0.2), daemon=True)
    loop.start()
    old = stack.processes["actions"]
    old.kill()
    old.wait()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (stack.processes["actions"] is old or stack.dead()):
            time.sleep(0.5)
    finally:
        stop.set()
        loop.join(timeout=150)
    assert stack.processes["actions"] is not old and "actions" not in stack.dead()
    err = capsys.readouterr()
    assert "The actions server stopped unexpectedly; restarting it." in err.err
    assert "The actions server is running again." in err.out
    assert purges
    more = ask(stack, "e2e-after-supervisor", "/more_info")  # served by the new action server
    assert texts(more)


def test_two_questions_get_one_answer_and_a_button_for_the_other(stack, content) -> None:
    replies = ask(stack, "e2e-two", "Wat is mentaliseren? En hoe zit het met hechting bij adoptie?")
    texts = [r.get("text") for r in replies]
    offer = replies[texts.index(content.messages["also_asked"])]
    topics = {name: content.by_intent()[name] for name in ("adoption", "mentalising")}
    [offered] = [name for name, topic in topics.items() if offer["buttons"] == [render.topic_button(topic)]]
    [answered] = [name for name in topics if name != offered]
    assert topics[answered].answer.strip().splitlines()[0] in joined(replies)


def test_a_story_about_behaviour_gets_the_walk_through_under_the_topic_answer(stack, content) -> None:
    """The entity `also_asked` naming the walk-through (set by the question focus when a long
    story told what the child does and asked about a topic) offers "Ik maak me zorgen"."""
    walk_through = content.intent_for("questionnaire_start")
    replies = ask(stack, "e2e-walk", '/adoption{"also_asked": "worried_about_child"}')
    texts = [r.get("text") for r in replies]
    assert replies[0]["text"] == render.answer_text(content.by_intent()["adoption"], content)
    offer = replies[texts.index(content.messages["also_told_behaviour"])]
    assert offer["buttons"] == [render.topic_button(walk_through)]


def test_a_check_in_from_the_nlu_result_comes_under_the_answer_once(stack, content) -> None:
    """The entity `risk_checkin` fills the slot answer_footnote, the rule then runs the footnote
    action, which adds the line and clears the slot (here the entity comes in a payload)."""
    topic = content.by_intent()["what_is_attachment"]
    line = content.safety.checkin["abuse"]
    replies = ask(stack, "e2e-checkin", '/what_is_attachment{"risk_checkin": "abuse"}')
    assert replies[0]["text"] == render.answer_text(topic, content)
    assert joined(replies).count(line) == 1
    # The slot was cleared: the next plain answer comes without the line and without a footnote.
    again = ask(stack, "e2e-checkin", "/what_is_attachment")
    assert again[0]["text"] == render.answer_text(topic, content) and line not in joined(again)
