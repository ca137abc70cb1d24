"""The production profile's pieces that need no services or model (docs/deploy.md).

The whole profile under load, with PostgreSQL, Redis and nginx running: tests/test_scale.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.deploy import nginx
from bot.deploy.production import PRODUCTION_ENDPOINTS
from bot.servers import StackConfig
from bot.webchat.retries import stored_replies
from bot.webchat.server import config_document, security_headers

ENV = {
    "HECHTBOT_ACTION_URL": "http://127.0.0.1:5055/webhook",
    "HECHTBOT_DB_HOST": "db.internal",
    "HECHTBOT_DB_PORT": "5432",
    "HECHTBOT_DB_NAME": "hechtbot",
    "HECHTBOT_DB_USER": "hechtbot",
    "HECHTBOT_DB_PASSWORD": "s3cret",
    "HECHTBOT_REDIS_HOST": "redis.internal",
    "HECHTBOT_REDIS_PORT": "6379",
    "HECHTBOT_REDIS_PASSWORD": "",
}


def test_production_endpoints_take_every_connection_value_from_the_environment(monkeypatch) -> None:
    text = re.sub(r"#.*", "", PRODUCTION_ENDPOINTS.read_text(encoding="utf-8"))  # settings only
    # Unquoted: Rasa substitutes ${VAR} only in plain YAML scalars.
    assert set(re.findall(r"\$\{(\w+)\}", text)) == set(ENV)
    assert not re.search(r"[\"']\$\{", text)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(PRODUCTION_ENDPOINTS)
    store = endpoints.tracker_store
    assert store.type == "SQL" and store.kwargs["dialect"] == "postgresql"
    assert (store.url, store.kwargs["port"], store.kwargs["password"]) == ("db.internal", "5432", "s3cret")
    assert endpoints.lock_store.type == "redis" and endpoints.lock_store.url == "redis.internal"
    assert endpoints.action.url == ENV["HECHTBOT_ACTION_URL"]


def test_production_endpoints_refuse_to_load_without_a_variable(monkeypatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HECHTBOT_DB_PASSWORD")
    with pytest.raises(Exception, match="HECHTBOT_DB_PASSWORD"):
        read_endpoints_from_path(PRODUCTION_ENDPOINTS)


def site() -> nginx.Site:
    return nginx.Site(port=58080, rasa_ports=[5601, 5602], web_port=5690)


def test_nginx_sends_socketio_to_the_replicas_sticky_and_upgraded() -> None:
    config = nginx.render(site(), Path("/tmp/prefix"))
    socketio = re.search(r"upstream rasa_socketio \{(.*?)\}", config, re.DOTALL)
    assert socketio and "hash $remote_addr consistent;" in socketio.group(1)
    assert "server 127.0.0.1:5601;" in socketio.group(1) and "server 127.0.0.1:5602;" in socketio.group(1)
    location = re.search(r"location /socket\.io/ \{(.*?)\}", config, re.DOTALL)
    assert location and "proxy_set_header Upgrade $http_upgrade;" in location.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in location.group(1)
    assert "proxy_pass http://rasa_rest;" in config and "proxy_pass http://webchat;" in config
    assert "listen 127.0.0.1:58080;" in config and "access_log off;" in config


def test_nginx_sets_the_web_servers_security_headers_once() -> None:
    config = nginx.render(site(), Path("/tmp/prefix"))
    for name, value in security_headers("localhost", 58080).items():
        assert config.count(f'add_header {name} "{value}" always;') == 1, name
        assert f"proxy_hide_header {name};" in config, name  # the page server's copy
    assert "ws://localhost:58080" in config


def test_nginx_keeps_its_files_under_its_prefix() -> None:
    config = nginx.render(site(), Path("/tmp/prefix"))
    paths = re.findall(r"(?:pid|error_log|_temp_path) (\S+?);?$", config, re.MULTILINE)
    assert paths and all(path.startswith("/tmp/prefix/") for path in paths)


def test_stack_config_names_and_ports_of_the_replicas() -> None:
    embedded = StackConfig()
    assert embedded.rasa_ports == [5005] and embedded.rasa_name(0) == "rasa"
    production = StackConfig(rasa_port=5601, replicas=2, public_port=58080)
    assert production.rasa_ports == [5601, 5602]
    assert [production.rasa_name(i) for i in range(2)] == ["rasa-1", "rasa-2"]
    assert production.web_origins == ["http://localhost:58080", "http://127.0.0.1:58080"]


def test_the_page_uses_websocket_only_by_default() -> None:
    assert config_document("localhost", 5005)["transports"] == ["websocket"]


def test_a_retried_turn_finds_the_replies_stored_with_it() -> None:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("hoi", message_id="a"),
        BotUttered("Hallo!"),
        BotUttered("Wat wil je weten?", data={"buttons": [{"title": "x", "payload": "/x"}]}),
        ActionExecuted("action_listen"),
        UserUttered("wat is hechting", message_id="b"),
        BotUttered("Hechting is ..."),
    ]
    assert [r["text"] for r in stored_replies(events, "a") or []] == ["Hallo!", "Wat wil je weten?"]
    assert (stored_replies(events, "a") or [])[1]["buttons"] == [{"title": "x", "payload": "/x"}]
    assert [r["text"] for r in stored_replies(events, "b") or []] == ["Hechting is ..."]
    assert stored_replies(events, "c") is None  # never stored: the turn runs
