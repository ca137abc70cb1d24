"""Rasa's repeated per-turn work, trimmed by bot.rasa_server.install, gives Rasa's own results."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses

from bot import event_type_lookup, kept_http_session
from bot.privacy import log_redaction


@pytest.fixture
def lookup_installed(monkeypatch: pytest.MonkeyPatch) -> Any:
    rasa_lookup = Event.resolve_by_type
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasa_lookup))
    monkeypatch.setattr(event_type_lookup, "_rasa", {})
    event_type_lookup.install()
    return rasa_lookup


def test_install_replaces_rasas_lookup(lookup_installed: Any) -> None:
    assert Event.resolve_by_type is event_type_lookup.resolve_by_type
    assert lookup_installed is not event_type_lookup.resolve_by_type


def test_every_event_type_resolves_to_rasas_class(lookup_installed: Any) -> None:
    type_names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(type_names) > 15  # user, bot, action, slot, active_loop, session_started, ...
    for name in type_names:
        assert Event.resolve_by_type(name) is lookup_installed(name), name


def test_unknown_names_keep_rasas_fallbacks_and_error(lookup_installed: Any) -> None:
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


def test_a_stored_conversation_loads_back_the_same(lookup_installed: Any) -> None:
    domain = Domain.from_yaml("version: '3.1'\nslots:\n  last_topic:\n    type: any\n    mappings: []")
    events = [
        ActionExecuted("action_listen"),
        UserUttered("wat is hechting", {"name": "what_is_attachment", "confidence": 0.9}),
        SlotSet("last_topic", "what_is_attachment"),
        ActionExecuted("utter_what_is_attachment"),
        BotUttered("Hechting is ..."),
    ]
    tracker = DialogueStateTracker.from_events("x", events, domain.slots)
    stored = tracker.current_state(event_verbosity=EventVerbosity.ALL)
    loaded = DialogueStateTracker.from_dict("x", stored["events"], domain.slots)
    assert list(loaded.events) == events


class RecordingStore:
    def __init__(self) -> None:
        self.loads = 0

    async def retrieve(self, sender_id: str) -> None:
        self.loads += 1


class OtherPipeline:
    def __init__(self) -> None:
        self.bodies: list[dict] = []

    def run(self, body: dict) -> None:
        self.bodies.append(body)

    def log_run(self, value: Any) -> str:
        return "x"


class OtherPlugin:
    def __init__(self, pipeline: OtherPipeline) -> None:
        self.pipeline = pipeline

    @log_redaction.hookimpl
    def get_anonymization_pipeline(self) -> OtherPipeline:
        return self.pipeline


def run_pipeline_step(store: RecordingStore) -> None:
    tracker = DialogueStateTracker.from_events("x", [ActionExecuted("action_listen")])
    processor = SimpleNamespace(tracker_store=store)
    asyncio.run(MessageProcessor.run_anonymization_pipeline(processor, tracker))


def test_our_log_pipeline_costs_no_second_conversation_load() -> None:
    log_redaction.register()
    store = RecordingStore()
    run_pipeline_step(store)
    assert store.loads == 0


def test_another_pipeline_still_gets_rasas_step() -> None:
    from rasa.plugin import plugin_manager

    log_redaction.register()
    pipeline = OtherPipeline()
    plugin = OtherPlugin(pipeline)
    plugin_manager().register(plugin)  # registered last, so its answer comes first
    try:
        store = RecordingStore()
        run_pipeline_step(store)
        assert store.loads == 1
        assert [body["event"] for body in pipeline.bodies] == ["action"]
    finally:
        plugin_manager().unregister(plugin)


def test_both_spacy_nodes_share_one_loaded_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.language.rasa_component import SpacyNLP

    loads: list[str] = []

    def fake_load(location: str) -> Any:
        loads.append(location)
        return SimpleNamespace(model=object(), model_name=location)

    monkeypatch.setattr(SpacyNLP, "_loaded", {})
    monkeypatch.setattr(SpacyNLP, "load_model", staticmethod(fake_load))
    monkeypatch.setattr(SpacyNLP, "ensure_proper_language_model", staticmethod(lambda model: None))
    create = lambda location: SpacyNLP.create({"model": location}, None, None, None)  # noqa: E731
    provider, featuriser, other = create("here"), create("here"), create("elsewhere")
    assert loads == ["here", "elsewhere"]
    assert provider.provide() is featuriser.provide()
    assert other.provide() is not provider.provide()


# ---- one kept HTTP session per worker for the action server (bot/kept_http_session.py) ----


@pytest.fixture
def kept_sessions(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Installs the kept sessions for one test; returns Rasa's own `EndpointConfig.session`."""
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    rasa_session = EndpointConfig.session
    monkeypatch.setattr(EndpointConfig, "session", rasa_session)
    monkeypatch.setattr(rasa.core.run, "close_resources", rasa.core.run.close_resources)
    monkeypatch.setattr(kept_http_session, "_rasa", {})
    monkeypatch.setattr(kept_http_session, "_by_loop", {})
    kept_http_session.install()
    return rasa_session


async def connections_used(calls: int) -> list[int]:
    """Posts `calls` times through Rasa's EndpointConfig.request to a local server; returns
    the client port each request came from (one port: one connection, reused)."""
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    ports: list[int] = []

    async def webhook(request: web.Request) -> web.Response:
        ports.append(request.transport.get_extra_info("peername")[1])  # type: ignore[union-attr]
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        for _ in range(calls):
            assert await endpoint.request(json={"next_action": "action_x"}, method="post") == {
                "events": [],
                "responses": [],
            }
    finally:
        await kept_http_session.close_sessions()
        await runner.cleanup()
    return ports


def test_rasa_alone_opens_a_connection_per_action_call() -> None:
    ports = asyncio.run(connections_used(3))
    assert len(ports) == 3 and len(set(ports)) == 3


def test_a_kept_session_reuses_one_connection_in_each_event_loop(kept_sessions: Any) -> None:
    first = asyncio.run(connections_used(3))
    again = asyncio.run(connections_used(2))  # a new loop gets its own session, and it works
    assert len(first) == 3 and len(set(first)) == 1
    assert len(again) == 2 and len(set(again)) == 1


def test_a_kept_session_has_rasas_headers_auth_and_timeout(kept_sessions: Any) -> None:
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig(
        url="http://127.0.0.1:9/webhook",
        headers={"X-Test": "ja"},
        basic_auth={"username": "hecht", "password": "bot"},
    )

    async def both() -> tuple[Any, Any]:
        rasa_made = kept_sessions(endpoint)
        async with endpoint.session() as kept:
            same = (kept.headers, kept.auth, kept.timeout) == (
                rasa_made.headers,
                rasa_made.auth,
                rasa_made.timeout,
            )
        await rasa_made.close()
        closed_after_use = kept.closed
        await kept_http_session.close_sessions()
        return same, (closed_after_use, kept.closed)

    same, (closed_after_use, closed_at_stop) = asyncio.run(both())
    assert same
    assert closed_after_use is False and closed_at_stop is True


def test_rasas_stop_listener_also_closes_the_kept_sessions(kept_sessions: Any) -> None:
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    async def stop() -> tuple[bool, bool]:
        async with EndpointConfig(url="http://127.0.0.1:9/webhook").session() as kept:
            pass
        open_before = not kept.closed
        app = SimpleNamespace(ctx=SimpleNamespace())  # no agent: Rasa's part has nothing to do
        await rasa.core.run.close_resources(app, asyncio.get_running_loop())
        return open_before, kept.closed

    assert rasa.core.run.close_resources is kept_http_session.close_resources
    assert asyncio.run(stop()) == (True, True)
