"""The web chat without a model: its socket.io channel, its web server and its page files.

The page itself, in a real browser against the running bot, is tested in
tests/test_webchat_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import socketio
import yaml
from rasa.core.channels.socketio import SocketIOOutput

from bot.content import render
from bot.content.model import Content
from bot.servers import Stack, StackConfig
from bot.webchat import guard, sessions
from bot.webchat import server as webchat_server
from bot.webchat.channel import WebchatInput, WebchatOutput

PROJECT_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = PROJECT_DIR / "bot" / "webchat" / "static"


# ---- the socket.io channel -------------------------------------------------------------


def sources_payload(topic, content: Content) -> dict:
    return {
        "topic": topic.intent,
        "sources": [
            {
                "id": key,
                "organisation": content.sources[key].organisation,
                "title": content.sources[key].title,
                "url": content.sources[key].url,
            }
            for key in topic.answer_sources
        ],
    }


def emitted_events(output_class, response: dict) -> list[dict]:
    """What the page receives for one bot response: [{event, data, room}]."""
    server = socketio.AsyncServer(async_mode="asgi")
    with mock.patch.object(server, "emit", wraps=server.emit) as emit:
        asyncio.run(output_class(server, "bot_uttered").send_response("session-1", dict(response)))
    return [
        {
            "event": call.args[0],
            "data": call.args[1] if len(call.args) > 1 else call.kwargs.get("data"),
            "room": call.kwargs.get("room"),
        }
        for call in emit.call_args_list
    ]


def topic_response(topic, content: Content) -> dict:
    return {
        "text": render.answer_text(topic, content),
        "buttons": render.answer_buttons(topic, content),
        "custom": sources_payload(topic, content),
    }


def test_an_answer_arrives_as_text_with_buttons_then_its_sources(content: Content) -> None:
    topic = content.by_intent()["what_is_attachment"]
    events = emitted_events(WebchatOutput, topic_response(topic, content))
    assert {e["event"] for e in events} == {"bot_uttered"}
    assert {e["room"] for e in events} == {"session-1"}
    *texts, sources = [e["data"] for e in events]
    assert "\n\n".join(t["text"] for t in texts) == render.answer_text(topic, content).strip()
    assert texts[-1]["text"].startswith(("Bron: ", "Bronnen: "))
    assert [q["payload"] for q in texts[-1]["quick_replies"]] == [
        b["payload"] for b in render.answer_buttons(topic, content)
    ]
    assert sources == sources_payload(topic, content)


def test_every_topic_with_sources_reaches_the_page(content: Content) -> None:
    for topic in content.topics:
        if topic.answer_sources:
            data = [e["data"] for e in emitted_events(WebchatOutput, topic_response(topic, content))]
            assert data[-1] == sources_payload(topic, content), topic.intent


def test_rasas_own_socketio_channel_cannot_send_a_sources_payload(content: Content) -> None:
    """Why credentials.yml names our channel: Rasa 3.6 passes the payload as emit(**payload)."""
    topic = content.by_intent()["what_is_attachment"]
    with pytest.raises(TypeError):
        emitted_events(SocketIOOutput, topic_response(topic, content))


def test_generated_sources_payloads_only_name_curated_sources() -> None:
    """Any `custom` payload in the generated domain names only addresses the page will link."""
    allowed = {s["url"] for s in webchat_server.sources_document()["sources"]}
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain.get("responses", {}).items():
        for variant in variants:
            custom = variant.get("custom") or {}
            payload = custom.get("data", custom)
            for source in payload.get("sources", []):
                assert source["url"] in allowed, name


def channel_handlers(session_persistence: bool = True, origins=("http://localhost:8080",)):
    on_new_message = mock.AsyncMock()
    channel = WebchatInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": session_persistence,
            "cors_allowed_origins": list(origins),
        }
    )
    channel.blueprint(on_new_message)
    return channel, channel.sio.handlers["/"], on_new_message


def confirmed_session(channel, handlers, sid: str = "sid-1", asked=None) -> str:
    with (
        mock.patch.object(channel.sio, "enter_room", mock.AsyncMock()),
        mock.patch.object(channel.sio, "emit", mock.AsyncMock()) as emit,
    ):
        asyncio.run(handlers["session_request"](sid, {"session_id": asked}))
    assert emit.await_args is not None
    return emit.await_args.args[1]


def test_a_session_request_joins_the_sessions_room() -> None:
    """Rasa 3.6.21 forgets to await enter_room: the page would never get a reply."""
    channel, handlers, _ = channel_handlers()
    issued = sessions.issue()
    with (
        mock.patch.object(channel.sio, "enter_room", mock.AsyncMock()) as enter_room,
        mock.patch.object(channel.sio, "emit", mock.AsyncMock()) as emit,
    ):
        asyncio.run(handlers["session_request"]("sid-1", {"session_id": issued}))
    enter_room.assert_awaited_once()
    assert enter_room.await_args is not None and emit.await_args is not None
    assert enter_room.await_args.args[:2] == ("sid-1", issued)
    assert emit.await_args.args == ("session_confirm", issued)
    assert emit.await_args.kwargs["room"] == "sid-1"


def test_only_ids_the_server_signed_are_accepted() -> None:
    channel, handlers, _ = channel_handlers()
    guessed = "a" * 32 + "-" + "b" * 32
    first = confirmed_session(channel, handlers, "sid-1", asked=guessed)
    second = confirmed_session(channel, handlers, "sid-2", asked=None)
    assert first != guessed and sessions.is_valid(first) and sessions.is_valid(second)
    assert first != second
    assert confirmed_session(channel, handlers, "sid-3", asked=first) == first  # a reload continues


def test_a_message_reaches_rasa_under_the_sockets_own_session() -> None:
    channel, handlers, on_new_message = channel_handlers()
    session_id = confirmed_session(channel, handlers)
    other = sessions.issue()  # someone else's id named in the message changes nothing
    asyncio.run(handlers["user_uttered"]("sid-1", {"message": "wat is hechting?", "session_id": other}))
    [message] = [call.args[0] for call in on_new_message.await_args_list]
    assert (message.text, message.sender_id, message.input_channel) == (
        "wat is hechting?",
        session_id,
        "socketio",
    )
    assert isinstance(message.output_channel, WebchatOutput)


def test_a_socket_without_a_session_writes_nowhere() -> None:
    channel, handlers, on_new_message = channel_handlers()
    with mock.patch.object(channel.sio, "emit", mock.AsyncMock()) as emit:
        asyncio.run(handlers["user_uttered"]("sid-9", {"message": "hoi", "session_id": sessions.issue()}))
    on_new_message.assert_not_awaited()
    assert emit.await_args is not None
    assert emit.await_args.kwargs["room"] == "sid-9"  # told so, not silent


def test_a_turn_without_any_reply_gets_the_help_lines() -> None:
    channel, handlers, _ = channel_handlers()
    session_id = confirmed_session(channel, handlers)
    with mock.patch.object(channel.sio, "emit", mock.AsyncMock()) as emit:
        asyncio.run(handlers["user_uttered"]("sid-1", {"message": "meer weten", "session_id": session_id}))
    assert emit.await_args is not None
    text = emit.await_args.args[1]["text"]
    assert "112" in text and "0800-2000" in text and emit.await_args.kwargs["room"] == session_id


def test_personal_data_never_reaches_rasa() -> None:
    channel, handlers, on_new_message = channel_handlers()
    session_id = confirmed_session(channel, handlers)
    asyncio.run(
        handlers["user_uttered"]("sid-1", {"message": "bel me op 06-12345678", "session_id": session_id})
    )
    assert on_new_message.await_args.args[0].text == "bel me op [telefoonnummer]"


def test_only_the_web_pages_origin_may_connect() -> None:
    channel, _, _ = channel_handlers(origins=("http://localhost:8080",))
    assert channel.sio.eio.cors_allowed_origins == ["http://localhost:8080"]
    assert channel.sio.eio.max_http_buffer_size >= 1_000_000


def test_credentials_keep_rest_and_add_the_web_chat_channel() -> None:
    credentials = yaml.safe_load((PROJECT_DIR / "credentials.yml").read_text(encoding="utf-8"))
    assert "bot.webchat.rest.GuardedRestInput" in credentials
    socket = credentials["bot.webchat.channel.WebchatInput"]
    assert socket["session_persistence"] is True
    assert "http://localhost:8080" in socket["cors_allowed_origins"]


# ---- the web server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    server = webchat_server.make_server(port=0, rasa_port=5999)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/index.html",
        "/chat.js",
        "/chat.css",
        "/favicon.svg",
        "/sources.json",
        "/config.json",
        "/vendor/socket.io.min.js",
    ],
)
def test_every_file_has_strict_security_headers_and_no_cookie(web, path) -> None:
    status, headers, body = get(web + path)
    assert status == 200 and body
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy
    assert "connect-src 'self' http://localhost:5999 ws://localhost:5999" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert "Python" not in headers.get("Server", "")


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/../README.md",
        "/%2e%2e/credentials.yml",
        "/static/chat.js",
        "/vendor/",
        "/node_modules/axe-core/axe.min.js",
        "/server.py",
    ],
)
def test_nothing_else_is_served(web, path) -> None:
    assert get(web + path)[0] == 404


def test_only_reading_is_allowed(web) -> None:
    assert get(web + "/", method="POST")[0] == 501
    assert get(web + "/", method="HEAD")[0] == 200


def test_sources_json_is_the_curated_sources_list(web, content: Content) -> None:
    document = json.loads(get(web + "/sources.json")[2])
    assert {s["id"]: s["url"] for s in document["sources"]} == {
        key: source.url for key, source in content.sources.items()
    }
    assert all(s["url"].startswith("https://") for s in document["sources"])


def test_config_json_names_rasa_and_the_starter_buttons(web, content: Content) -> None:
    config = json.loads(get(web + "/config.json")[2])
    assert config["rasa_url"] == "http://localhost:5999"
    assert config["socket_path"] == "/socket.io/"
    # Declared in the intents' files (`starter: {welcome: N}`), in that order.
    assert [s["payload"] for s in config["starters"]] == [
        "/what_is_attachment",
        "/worried_about_child",
        "/where_to_find_help",
        "/capabilities",
        '/capabilities{"register": "professional"}',
    ]
    assert config["starters"][0]["title"] == content.by_intent()["what_is_attachment"].title


def test_the_socket_io_client_is_our_pinned_v4(web) -> None:
    package = json.loads((PROJECT_DIR / "node_modules" / "socket.io-client" / "package.json").read_text())
    lock = json.loads((PROJECT_DIR / "package-lock.json").read_text())
    assert package["version"].startswith("4.")
    assert lock["packages"]["node_modules/socket.io-client"]["version"] == package["version"]
    assert get(web + "/vendor/socket.io.min.js")[2] == webchat_server.SOCKET_IO_CLIENT.read_bytes()


# ---- the page files ---------------------------------------------------------------------


def test_the_page_loads_nothing_from_elsewhere() -> None:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    for attribute, value in re.findall(r'\b(src|href)="([^"]*)"', html):
        assert value.startswith(("/", "#")) and not value.startswith("//"), (attribute, value)
    assert "<script>" not in html and " style=" not in html  # the CSP forbids inline code
    css = (STATIC_DIR / "chat.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_the_script_never_puts_text_on_the_page_as_html() -> None:
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", script, flags=re.S)
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "DOMParser",
        "createContextualFragment",
    ):
        assert forbidden not in code, forbidden
    assert "location.replace(EXIT_URL)" in code and '"https://www.google.nl/"' in code


def test_the_page_has_its_landmarks_labels_and_live_region() -> None:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert re.search(r'id="messages"[^>]*role="log"[^>]*aria-live="polite"', html, flags=re.S)
    assert '<label for="message-input"' in html
    assert "Snel weg" in html and "Nieuw gesprek" in html and "112" in html


# ---- the stack --------------------------------------------------------------------------


def test_the_stack_starts_the_web_chat_and_allows_its_origin(tmp_path, monkeypatch) -> None:
    config = StackConfig(rasa_port=5301, action_port=5351, web_port=8301, tracker_db=tmp_path / "t.db")
    stack = Stack(config)
    spawned = []

    def spawn(name, args):
        spawned.append((name, args))
        return mock.Mock()

    monkeypatch.setattr(stack, "_spawn", spawn)
    monkeypatch.setattr("bot.servers.wait_until_up", lambda url, process, timeout: None)
    stack.start()
    names = [name for name, _ in spawned]
    assert names == ["actions", "rasa", "webchat"]
    rasa_args, web_args = spawned[1][1], spawned[2][1]
    cors = rasa_args[rasa_args.index("--cors") + 1 :]
    assert "http://localhost:8301" in cors
    assert web_args[-4:] == ["--port", "8301", "--rasa-port", "5301"]
    assert config.web_url == "http://localhost:8301/"
    assert StackConfig().web_port == 8080


@pytest.mark.parametrize(
    "said, key",
    [
        ("/restart", "restarted"),
        ("/session_start", "restarted"),
        ("/RESTART ", "restarted"),
        ("hallo", "technical_problem"),
        (None, "technical_problem"),  # None: the turn failed
    ],
)
def test_a_silent_turn_gets_the_fitting_message(said, key, content: Content) -> None:
    assert guard.no_reply_message(said) == content.messages[key]


def test_a_feedback_payload_keeps_its_reason_masked(monkeypatch) -> None:
    import asyncio

    from bot.safety import registry

    monkeypatch.setattr(registry._loaded, "net", None)
    monkeypatch.setattr(registry, "riskiest_passage", lambda text: None)  # nothing risky
    payload = '/feedback{"helpful": "nee", "topic": "repair", "reason": "bel me op 06-12345678"}'
    assert guard.feedback_reason(payload) == "bel me op 06-12345678"
    prepared = asyncio.run(guard.prepare(payload))
    assert prepared.text is not None
    assert prepared.text.startswith("/feedback{") and "06-12345678" not in prepared.text
    assert json.loads(prepared.text[len("/feedback") :])["reason"] == "bel me op [telefoonnummer]"


def test_a_feedback_reason_that_tells_of_danger_goes_in_as_a_message(monkeypatch) -> None:
    """A payload skips NLU; the safety net must still read what the person wrote."""
    import asyncio

    from bot.safety import registry

    reason = "nee, mijn man slaat mij"
    monkeypatch.setattr(registry, "riskiest_passage", lambda text: text if "slaat" in text else None)
    payload = json.dumps({"helpful": "nee", "topic": "repair", "reason": reason})
    prepared = asyncio.run(guard.prepare("/feedback" + payload))
    assert prepared.text == reason


@pytest.mark.parametrize(
    "text",
    [
        "/feedback",
        "/feedback{broken",
        '/feedback{"reason": 3}',
        '/feedback{"helpful": "ja"}',
        "feedback: slecht",
    ],
)
def test_feedback_without_a_usable_reason(text) -> None:
    assert guard.feedback_reason(text) is None
