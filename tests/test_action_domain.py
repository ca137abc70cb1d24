"""Rasa sends the domain to the action server only for actions that ask for it.

Both endpoints files set `enable_selective_domain`: without it Rasa would send the whole
domain (every answer's text, about 210 kB of JSON) with every action call, and the action
server would parse it, for nothing. That is only safe while no action reads the domain, or
every action that does is marked `send_domain: true` in domain.yml. This test keeps it so.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa_sdk import Action, FormValidationAction
from rasa_sdk.executor import ActionExecutor

PROJECT_DIR = Path(__file__).resolve().parent.parent
ENDPOINTS_FILES = ["endpoints.yml", "deploy/endpoints.production.yml"]


def our_actions() -> dict[str, Action]:
    """Every action the action server serves, as rasa-sdk registers it from our package."""
    executor = ActionExecutor()
    executor.register_package("actions")
    # rasa-sdk registers every Action subclass it has seen, the ones below included
    return {
        name: run.__self__
        for name, run in executor.actions.items()
        if type(run.__self__).__module__.startswith("actions.")
    }


def reads_the_domain(function: Callable[..., Any]) -> bool:
    """Whether a function's body uses its `domain` argument at all (passing it on counts)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return any(
        isinstance(node, ast.Name) and node.id == "domain" and isinstance(node.ctx, ast.Load)
        for node in ast.walk(tree)
    )


def domain_readers(action: Action) -> list[str]:
    """The methods through which this action may read the domain.

    rasa-sdk's own methods count as readers wherever they take a domain (a
    FormValidationAction's default `run` reads the form's slots from it); ours count only
    where their code uses it.
    """
    readers = []
    for name, function in inspect.getmembers(type(action), inspect.isfunction):
        if "domain" not in inspect.signature(function).parameters:
            continue
        ours = not function.__module__.startswith("rasa_sdk")
        if not ours and name != "run":
            continue  # rasa-sdk's helpers are only reached through its own run
        if not ours or reads_the_domain(function):
            readers.append(f"{function.__module__}.{function.__qualname__}")
    return readers


@pytest.mark.parametrize("path", ENDPOINTS_FILES)
def test_rasa_sends_the_domain_only_when_an_action_asks(path: str) -> None:
    endpoints = yaml.safe_load((PROJECT_DIR / path).read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"].get("enable_selective_domain") is True


def test_rasa_sends_the_domain_to_exactly_the_actions_that_read_it() -> None:
    """A reader without it would fail; a non-reader with it costs a 210 kB payload per call.

    Rasa sends it to every action named validate_* unless the domain says `send_domain: false`.
    """
    domain = Domain.load(str(PROJECT_DIR / "domain.yml"))
    actions = our_actions()
    assert "validate_worry_form" in actions and len(actions) >= 10  # the package was found
    readers = {name: domain_readers(action) for name, action in actions.items()}
    unasked = {
        name: how
        for name, how in readers.items()
        if how and not domain.does_custom_action_explicitly_need_domain(name)
    }
    assert not unasked, (
        f"mark these `send_domain: true` under actions in bot/content/domain_base.yml: {unasked}"
    )
    needless = [
        name
        for name, how in readers.items()
        if not how and domain.does_custom_action_explicitly_need_domain(name)
    ]
    assert not needless, f"mark these `send_domain: false` in bot/content/domain_base.yml: {needless}"


class _ReadsIt(Action):
    def name(self) -> str:
        return "action_reads_it"

    async def run(self, dispatcher, tracker, domain):
        return [{"event": "slot", "name": "x", "value": len(domain.get("responses", {}))}]


class _IgnoresIt(Action):
    def name(self) -> str:
        return "action_ignores_it"

    async def run(self, dispatcher, tracker, domain):
        return []


class _DefaultFormValidation(FormValidationAction):
    def name(self) -> str:
        return "validate_some_form"


def test_the_check_sees_a_reader_and_passes_a_non_reader() -> None:
    assert domain_readers(_ReadsIt()) == [f"{__name__}._ReadsIt.run"]
    assert domain_readers(_IgnoresIt()) == []
    # rasa-sdk's own form validation reads the form's slots from the domain
    assert domain_readers(_DefaultFormValidation()) == ["rasa_sdk.forms.ValidationAction.run"]
