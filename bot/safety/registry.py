"""The loaded safety net of this process, for reading over-long messages outside Rasa.

The web channels (bot/webchat/guard.py) run in the Rasa server's process. For a message
too long to classify as a whole they ask the loaded SafetyNet for its riskiest passage,
so a disclosure at the end of a very long message still gets the help line.
"""

from __future__ import annotations

from typing import Protocol


class PassageReader(Protocol):
    def riskiest_passage(self, text: str) -> str | None: ...


class _Loaded:
    """Holds the net registered last (one per process)."""

    net: PassageReader | None = None


_loaded = _Loaded()


def register(net: PassageReader) -> None:
    _loaded.net = net


def riskiest_passage(text: str) -> str | None:
    """The passage of `text` that made the safety net act (crisis or check-in), if any.
    Without a loaded net (a misconfigured server) the start of the text stands in, so the
    message still reaches the pipeline's own safety net rather than being dropped."""
    if _loaded.net is None:
        return text[:400]
    return _loaded.net.riskiest_passage(text)
