"""Conversation ids the server issued, so no one can join another visitor's conversation.

A socket.io client may ask to continue a conversation by sending its id. Rasa's own
channel accepts any id, so a guessed or stolen id would receive that visitor's replies
and could write into their conversation. Here an id is 128 random bits plus an HMAC of
them under a server secret: the server only accepts ids it issued itself.

The secret comes from HECHTBOT_SESSION_SECRET, else from `.rasa/session_secret`, which
is created (mode 0600, never in git) the first time it is needed. Every process of one
deployment must share it (set the variable there).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard

SECRET_ENV = "HECHTBOT_SESSION_SECRET"
PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET_FILE = PROJECT_DIR / ".rasa" / "session_secret"
_SEPARATOR = "-"


@lru_cache(maxsize=1)
def _secret() -> bytes:
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode("utf-8")
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return SECRET_FILE.read_text(encoding="utf-8").strip().encode("utf-8")


def _signature(random_part: str) -> str:
    return hmac.new(_secret(), random_part.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def issue() -> str:
    """A new conversation id: 32 hex characters of randomness, a dash, 32 of signature."""
    random_part = secrets.token_hex(16)
    return f"{random_part}{_SEPARATOR}{_signature(random_part)}"


def is_valid(session_id: object) -> TypeGuard[str]:
    """True only for an id this server (or one with the same secret) issued."""
    if not isinstance(session_id, str) or len(session_id) != 65 or session_id[32] != _SEPARATOR:
        return False
    random_part, signature = session_id[:32], session_id[33:]
    if any(c not in "0123456789abcdef" for c in random_part):
        return False
    return hmac.compare_digest(signature, _signature(random_part))
