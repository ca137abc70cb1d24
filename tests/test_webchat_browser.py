"""The web chat in a real browser (Debian's Chromium, driven by Playwright) against the
real action server, Rasa server and web server.

Needs /usr/bin/chromium (`make test` installs it with apt-get) and node_modules
(`make` runs npm ci). Never downloads a browser: `playwright install` is not used.
A screenshot of a finished conversation is saved to tests/artifacts/.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.content import render
from bot.content.model import Content
from bot.servers import Stack
from tests.servers_for_tests import served

pytestmark = [pytest.mark.needs_model, pytest.mark.browser]

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"
EXIT_URL = "https://www.google.nl/"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
REPLY_TIMEOUT_MS = 60_000
FEEDBACK_QUESTION = "Had je hier iets aan?"
FEEDBACK_REASON_LABEL = "Wat miste je? (mag je overslaan)"
FEEDBACK_THANKS = "Dank je voor je reactie."

expect.set_options(timeout=REPLY_TIMEOUT_MS)


# ---- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(trained_model, tmp_path_factory) -> Iterator[Stack]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium chromium-driver)"
        )
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make` (npm ci installs the front-end packages)")
    with served(
        trained_model,
        tmp_path_factory.mktemp("webchat-stack"),
        rasa_port=5205,
        action_port=5255,
        web_port=8280,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def browser(stack):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile for each test: no storage, no cookies."""
    ctx = browser.new_context(
        viewport={"width": 1024, "height": 900}, locale="nl-NL", service_workers="block"
    )
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def url(stack) -> str:
    return stack.config.web_url


# ---- helpers ----------------------------------------------------------------------------


def open_chat(context, url: str):
    page = context.new_page()
    page.goto(url)
    expect(page.locator(".msg--bot").first).to_be_visible()
    return page


def bot_texts(page) -> list[str]:
    return page.locator(".msg--bot .msg__text").all_inner_texts()


def user_texts(page) -> list[str]:
    return page.locator(".msg--user .msg__text").all_inner_texts()


def wait_for_reply(page, bots_before: int, settle: float = 1.0) -> list[str]:
    """Waits for the bot's reply to the last message and returns its new messages.

    The bot may send a few messages in a row: wait until none came for `settle` seconds.
    """
    expect(page.locator(".msg--bot")).not_to_have_count(bots_before)
    count, stable_since = -1, time.monotonic()
    deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = page.locator(".msg--bot").count()
        if now != count:
            count, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= settle:
            break
        time.sleep(0.1)
    return bot_texts(page)[bots_before:]


def send(page, text: str) -> list[str]:
    before = page.locator(".msg--bot").count()
    page.get_by_label("Jouw vraag of antwoord").fill(text)
    page.get_by_label("Jouw vraag of antwoord").press("Enter")
    return wait_for_reply(page, before)


def click_reply(page, title: str) -> list[str]:
    before = page.locator(".msg--bot").count()
    page.locator(".quick-replies").get_by_role("button", name=title, exact=True).first.click()
    return wait_for_reply(page, before)


def reply_titles(page) -> list[str]:
    return page.locator(".quick-reply").all_inner_texts()


def first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()


def topic_urls(content: Content, intent: str) -> list[str]:
    return [content.sources[key].url for key in content.by_intent()[intent].answer_sources]


def user_messages_stored(stack: Stack, session_id: str) -> list[str]:
    db = sqlite3.connect(stack.config.tracker_db)
    try:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (session_id,)
        ).fetchall()
    finally:
        db.close()
    return [json.loads(data)["text"] for (data,) in rows]


def feedback_stored(stack: Stack, session_id: str, count: int = 1) -> list[dict]:
    """The entities of each feedback event stored for the conversation. Waits until `count`
    are there (Rasa stores a turn just after its reply), then a little more for any extra."""

    def read() -> list[dict]:
        db = sqlite3.connect(stack.config.tracker_db)
        try:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                (session_id,),
            ).fetchall()
        finally:
            db.close()
        events = [json.loads(data)["parse_data"] for (data,) in rows]
        return [
            {e["entity"]: e["value"] for e in event["entities"]}
            for event in events
            if event["intent"]["name"] == "feedback"
        ]

    for _ in range(50):
        if len(read()) >= count:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    return read()


def feedback_block(page):
    """The open "Had je hier iets aan?" group under the newest answer."""
    return page.get_by_role("group", name=FEEDBACK_QUESTION)


def open_feedback_reason(page):
    """Chooses "Nee" under the newest answer: the reason field appears and has the focus."""
    block = feedback_block(page).last
    expect(block).to_be_visible()
    block.get_by_role("button", name="Nee", exact=True).click()
    field = page.get_by_label(FEEDBACK_REASON_LABEL)
    expect(field).to_be_focused()
    return field


def shows_no_payload(page) -> None:
    text = page.locator("body").inner_text()
    assert "/feedback" not in text and "helpful" not in text, text
    assert "/feedback" not in page.evaluate("sessionStorage.getItem('hechtbot.messages') || ''")


def deleted_at_the_server(stack: Stack, session_id: str) -> bool:
    """The page asks the server to delete; it does so right after the socket event."""
    for _ in range(50):
        if not user_messages_stored(stack, session_id):
            return True
        time.sleep(0.1)
    return False


def ask_what_is_attachment(page, content: Content) -> list[str]:
    topic = content.by_intent()["what_is_attachment"]
    replies = send(page, "wat is hechting?")
    joined = "\n".join(replies)
    assert first_line(topic.answer) in joined, replies
    assert render.sources_line(topic, content) in joined  # the "Bron: ..." line stays as is
    return replies


# ---- tests ------------------------------------------------------------------------------


def test_the_page_loads_only_from_localhost_and_sets_no_cookie(context, url, content) -> None:
    requests, sockets, errors = [], [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("websocket", lambda socket: sockets.append(socket.url))

    def console_error(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console_error)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hechtbot")
    expect(page.locator(".intro")).to_contain_text("112")
    expect(page.get_by_role("button", name="Snel weg")).to_be_visible()
    ask_what_is_attachment(page, content)
    assert sockets, "the page did not open its socket to Rasa"
    hosts = {urlsplit(address).hostname for address in requests + sockets}
    assert hosts <= LOCAL_HOSTS, f"requests left localhost: {sorted(requests + sockets)}"
    assert context.cookies() == []
    assert errors == []  # among others: nothing refused by the Content-Security-Policy


def test_a_question_gets_an_answer_with_a_source_link(context, url, content) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    links = page.locator(".msg--bot .sources a")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    allowed = {source.url for source in content.sources.values()}
    assert set(hrefs) <= allowed
    assert set(topic_urls(content, "what_is_attachment")) <= set(hrefs)


def test_clicking_a_button_continues_the_conversation(context, url, content) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    button = render.answer_buttons(content.by_intent()["what_is_attachment"], content)[0]
    next_topic = content.by_intent()[button["payload"].lstrip("/")]
    replies = click_reply(page, button["title"])
    assert user_texts(page)[-1] == button["title"]  # the title is shown, not the payload
    assert first_line(next_topic.answer) in "\n".join(replies), replies


def test_the_guided_worried_parent_conversation_can_be_completed_by_clicking(context, url, content) -> None:
    questions = content.worry.questions
    age_questions = {
        questions.get(k) for k in ("child_age_months", "child_age_months_again", "child_age_too_old")
    }
    page = open_chat(context, url)
    transcript = send(page, "ik maak me zorgen over mijn zoon van 3")
    clicked_signal = False
    for _ in range(12):
        titles = reply_titles(page)
        last = bot_texts(page)[-1]
        if questions.button_find_help in titles:
            break
        if last.strip() in age_questions:
            transcript += send(page, "3")
        elif questions.button_parent in titles:
            transcript += click_reply(page, questions.button_parent)
        elif "Eist veel aandacht op" in titles and not clicked_signal:
            clicked_signal = True
            transcript += click_reply(page, "Eist veel aandacht op")
        elif questions.button_done in titles:
            transcript += click_reply(page, questions.button_done)
        elif questions.button_safe in titles:
            transcript += click_reply(page, questions.button_safe)
        else:
            # The turn may not be over: the form's question can come later than the
            # one-second settle on a busy machine. Fail only when nothing more comes.
            try:
                transcript += wait_for_reply(page, len(bot_texts(page)))
            except AssertionError:
                pytest.fail(f"no way on from: {last!r} with buttons {titles}\n" + "\n".join(transcript))
    else:
        pytest.fail("the advice did not come:\n" + "\n".join(transcript))
    text = "\n".join(bot_texts(page))
    assert first_line(questions.advice_intro) in text
    assert clicked_signal and "Eist veel aandacht op" in user_texts(page)
    clingy = next(s for s in content.worry.signals if s.id == "clingy")
    assert first_line(clingy.explanation) in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar where a person sees it
    page.screenshot(path=str(ARTIFACTS / "webchat-conversation.png"), full_page=True)


def test_a_reload_keeps_the_conversation(context, url, content, stack) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    session_id = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    shown = page.locator(".msg .msg__text").all_inner_texts()
    page.reload()
    expect(page.locator(".msg .msg__text")).to_have_text(shown)
    assert page.evaluate("sessionStorage.getItem('hechtbot.session_id')") == session_id
    # The same conversation goes on at the server: the next message is kept under the same id.
    send(page, "wat is mentaliseren")
    said: list[str] = []
    for _ in range(50):  # Rasa stores the turn just after sending the reply
        said = user_messages_stored(stack, session_id)
        if len(said) == 2:
            break
        time.sleep(0.2)
    assert said == ["wat is hechting?", "wat is mentaliseren"]


def test_new_conversation_starts_fresh_and_deletes_the_old_one(context, url, content, stack) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    old_session = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.locator(".msg--user")).to_have_count(0)
    expect(page.locator(".msg--bot")).to_have_count(1)  # the welcome with its topic buttons
    expect(page.get_by_label("Jouw vraag of antwoord")).to_be_focused()
    ask_what_is_attachment(page, content)
    new_session = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    assert new_session and new_session != old_session
    assert user_texts(page) == ["wat is hechting?"]
    assert deleted_at_the_server(stack, old_session)


def test_quick_exit_leaves_for_a_neutral_site_and_clears_storage(context, url, content, stack) -> None:
    context.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>Google</title><p>Google</p>"
        ),
    )
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    old_session = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    assert page.evaluate("sessionStorage.getItem('hechtbot.messages')")
    entries = page.evaluate("history.length")
    page.get_by_role("button", name="Snel weg").click()
    page.wait_for_url(EXIT_URL)
    # The chat page was replaced, not left: Back does not return to it.
    assert page.evaluate("history.length") == entries
    page.go_back()
    assert urlsplit(page.url).hostname not in LOCAL_HOSTS
    # Back on the chat in the same tab: nothing of the old conversation is left.
    page.goto(url)
    expect(page.locator(".msg--bot").first).to_be_visible()
    expect(page.locator(".msg--user")).to_have_count(0)
    stored = page.evaluate("sessionStorage.getItem('hechtbot.messages') || ''")
    assert "wat is hechting?" not in stored
    assert page.evaluate("sessionStorage.getItem('hechtbot.session_id')") != old_session
    assert deleted_at_the_server(stack, old_session)


def test_html_in_a_message_is_shown_as_text_and_runs_nothing(context, url) -> None:
    dialogs, requests = [], []
    page = open_chat(context, url)

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.on("request", lambda request: requests.append(request.url))
    message = "<img src=x onerror=alert(1)>"
    send(page, message)
    assert user_texts(page)[-1] == message
    assert page.locator("#messages img").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    assert not [r for r in requests if urlsplit(r).path == "/x"]


def test_keyboard_only(context, url, content) -> None:
    page = open_chat(context, url)
    active = lambda: page.evaluate(  # noqa: E731
        "[document.activeElement.id, document.activeElement.className]"
    )
    passed = []
    for _ in range(25):
        page.keyboard.press("Tab")
        passed.append(active())
        if active()[0] == "message-input":
            break
    else:
        pytest.fail("Tab never reached the message field")
    assert ["quick-exit", "quick-exit"] in passed[:3], "Snel weg should be among the first stops"
    assert any("quick-reply" in classes for _, classes in passed), "Tab passed no topic button"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "no visible focus on the message field"
    before = page.locator(".msg--bot").count()
    page.keyboard.type("wat is hechting?")
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert user_texts(page) == ["wat is hechting?"]
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        if "quick-reply" in active()[1]:
            break
    else:
        pytest.fail("Tab never reached a button of the bot")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    title = page.evaluate("document.activeElement.textContent")
    before = page.locator(".msg--bot").count()
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert user_texts(page)[-1] == title


def test_feedback_yes_is_sent_once_and_never_shown_as_a_message(context, url, content, stack) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    session_id = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    block = feedback_block(page)
    expect(block).to_have_count(1)
    before = page.locator(".msg--bot").count()
    block.get_by_role("button", name="Ja", exact=True).click()
    replies = wait_for_reply(page, before)
    assert first_line(content.by_intent()["feedback"].answer) in "\n".join(replies), replies
    # The block became a short thank-you: nothing left to click, no second rating possible.
    expect(page.locator(".feedback--done")).to_have_text(FEEDBACK_THANKS)
    expect(feedback_block(page)).to_have_count(0)
    expect(page.locator(".feedback button")).to_have_count(0)
    expect(page.get_by_label("Jouw vraag of antwoord")).to_be_focused()
    assert user_texts(page) == ["wat is hechting?"]  # no user bubble for the rating
    shows_no_payload(page)
    assert feedback_stored(stack, session_id) == [{"helpful": "ja", "topic": "what_is_attachment"}]
    # After a reload it stays answered.
    page.reload()
    expect(page.locator(".feedback--done")).to_have_text(FEEDBACK_THANKS)
    expect(page.locator(".feedback button")).to_have_count(0)
    assert user_texts(page) == ["wat is hechting?"]
    shows_no_payload(page)
    assert len(feedback_stored(stack, session_id)) == 1


def test_feedback_no_with_a_reason_by_keyboard_only(context, url, content, stack) -> None:
    reason = "meer voorbeelden voor jonge kinderen"
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    session_id = page.evaluate("sessionStorage.getItem('hechtbot.session_id')")
    expect(feedback_block(page)).to_have_count(1)
    expect(page.get_by_label("Jouw vraag of antwoord")).to_be_focused()
    for _ in range(25):  # back from the message field, past the bot's topic buttons
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Nee":
            break
    else:
        pytest.fail("Tab never reached the Nee button")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    field = page.get_by_label(FEEDBACK_REASON_LABEL)
    expect(field).to_be_focused()  # the revealed field has the focus
    assert field.get_attribute("maxlength") == "300"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    expect(feedback_block(page).get_by_role("button", name="Overslaan")).to_be_visible()
    before = page.locator(".msg--bot").count()
    page.keyboard.type(reason)
    page.keyboard.press("Enter")
    replies = wait_for_reply(page, before)
    assert first_line(content.by_intent()["feedback"].answer) in "\n".join(replies), replies
    expect(page.locator(".feedback--done")).to_have_text(FEEDBACK_THANKS)
    expect(page.get_by_label(FEEDBACK_REASON_LABEL)).to_have_count(0)
    assert user_texts(page) == ["wat is hechting?"]
    shows_no_payload(page)
    assert feedback_stored(stack, session_id) == [
        {"helpful": "nee", "topic": "what_is_attachment", "reason": reason}
    ]


def test_a_feedback_reason_that_tells_of_danger_gets_the_crisis_reply(context, url, content) -> None:
    page = open_chat(context, url)
    ask_what_is_attachment(page, content)
    field = open_feedback_reason(page)
    field.fill("mijn man slaat mij en de kinderen")
    before = page.locator(".msg--bot").count()
    feedback_block(page).get_by_role("button", name="Versturen").click()
    wait_for_reply(page, before)
    expect(page.locator("#messages")).to_contain_text("0800-2000")  # Veilig Thuis
    expect(page.locator(".feedback--done")).to_have_text(FEEDBACK_THANKS)
    assert user_texts(page) == ["wat is hechting?"]
    shows_no_payload(page)


def test_nothing_overflows_at_360_pixels(browser, url, content) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    try:
        page = open_chat(ctx, url)
        ask_what_is_attachment(page, content)
        send(page, "hechtingsproblemenonderzoekbehandelingsmogelijkheden" * 3)
        open_feedback_reason(page).fill("hechtingsproblemenonderzoek" * 10)  # an open feedback block
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        box = page.get_by_label(FEEDBACK_REASON_LABEL).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        expect(page.get_by_role("button", name="Snel weg")).to_be_in_viewport()
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1024, 360])
def test_axe_finds_no_serious_accessibility_problems(browser, url, content, width) -> None:
    # bypass_csp: the test injects axe-core itself; the page's own policy stays strict.
    ctx = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True, service_workers="block"
    )
    try:
        page = open_chat(ctx, url)
        ask_what_is_attachment(page, content)
        expect(feedback_block(page).get_by_role("button", name="Ja", exact=True)).to_be_visible()
        open_feedback_reason(page)  # the page with an open feedback block and its field
        page.add_script_tag(path=str(AXE))
        page.get_by_label("Jouw vraag of antwoord").focus()
        results = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations', 'passes']});
            return {
                violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})),
                passes: r.passes.map(p => p.id),
            };
        }""")
        serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], json.dumps(serious, indent=2, ensure_ascii=False)
        assert "color-contrast" in results["passes"]
    finally:
        ctx.close()
