"""The once-built validator of action-server responses gives Rasa's own verdicts."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import action_response_validation

GOOD = {
    "events": [{"event": "slot", "name": "topic", "value": "x"}, {"event": "bot", "text": "hoi"}],
    "responses": [{"text": "hallo", "buttons": [{"title": "Meer", "payload": "/meer"}]}],
}
BAD = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot", "value": "x"}], "responses": []},  # a slot event needs a name
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
]


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_response_validation.install()
    return RemoteAction("action_x", None)


def test_install_replaces_rasas_method(installed: RemoteAction) -> None:
    assert RemoteAction._validate_action_result is action_response_validation.validate_action_result


def test_a_valid_response_passes(installed: RemoteAction) -> None:
    assert installed._validate_action_result(GOOD) is True


@pytest.mark.parametrize("response", BAD)
def test_an_invalid_response_is_refused_like_rasa_does(installed: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError) as ours:
        installed._validate_action_result(response)
    with pytest.raises(ValidationError) as jsonschemas:
        validate(response, RemoteAction.action_response_format_spec())
    assert ours.value.path == jsonschemas.value.path
    assert ours.value.message.startswith(jsonschemas.value.message)
    assert "Failed to validate Action server response" in ours.value.message
