"""`rasa` with Hechtbot's log redaction installed: `python -m bot.rasa_server run …`.

Takes exactly the arguments of the `rasa` command line; bot/servers.py starts Rasa this
way so that no log level can print what users wrote (bot/privacy/log_redaction.py), and
with Rasa's per-turn work trimmed where it repeats itself: action responses validated by a
validator built once (bot/action_response_validation.py), event classes looked up in a
table built once (bot/event_type_lookup.py) and one HTTP session per worker for the action
server (bot/kept_http_session.py).
"""

from __future__ import annotations

import sys

from bot import action_response_validation, event_type_lookup, kept_http_session
from bot.privacy.log_redaction import register


def install() -> None:
    """Everything Hechtbot changes in Rasa's server process, before Rasa starts (idempotent)."""
    register()
    action_response_validation.install()
    event_type_lookup.install()
    kept_http_session.install()


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
