"""Validate action-server responses with a validator built once, not once per call.

Rasa checks every custom action's response against its event schema
(`RemoteAction._validate_action_result`) with `jsonschema.validate`, which re-checks the
schema itself against the JSON-Schema meta-schema and builds a new validator on every
call: about 19 ms per custom action on this machine, a third of a Hechtbot turn
(`make benchmark-latency`, per-turn profile). The schema is a constant, so a validator
built once gives the same verdict in about 0.4 ms. Rasa Open Source 3.6 is the last open
release, so this is fixed here rather than upstream. `bot.rasa_server` installs it before
Rasa starts; `tests/test_action_response_validation.py` shows that bad responses are still
refused with Rasa's own message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

DOCS_HINT = (
    ". Failed to validate Action server response from API, make sure your response from "
    "the Action endpoint is valid. For more information about the format visit "
)


@lru_cache(maxsize=1)
def _response_validator() -> Validator:
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, as jsonschema.validate does on every call
    return validator_class(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result`: same verdict, same error."""
    from rasa.shared.constants import DOCS_BASE_URL

    # best_match: the error jsonschema.validate would raise, so Rasa's log reads the same.
    error: ValidationError | None = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += f"{DOCS_HINT}{DOCS_BASE_URL}/custom-actions"
    raise error


def install() -> None:
    """Replaces Rasa's per-call validation (idempotent)."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result
