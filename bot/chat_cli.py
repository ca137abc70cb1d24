"""A terminal chat with the running bot over Rasa's REST channel (`make chat`).

Buttons are shown as numbers: typing a number sends that button's payload.
"""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid

DEFAULT_URL = "http://localhost:5005/webhooks/rest/webhook"


def send(url: str, sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def show(replies: list[dict]) -> list[dict]:
    """Prints the bot's messages; returns the buttons of the last one that has any."""
    buttons: list[dict] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\nHechtbot: {reply['text']}")
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for number, button in enumerate(buttons, start=1):
                print(f"  [{number}] {button['title']}")
    return buttons


def main(url: str = DEFAULT_URL) -> int:
    sender = f"cli-{uuid.uuid4().hex[:8]}"
    print("Chat met Hechtbot. Typ je vraag, of een nummer voor een knop. Stoppen: Ctrl-D.")
    buttons: list[dict] = []
    while True:
        try:
            text = input("\nJij: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            buttons = show(send(url, sender, text)) or buttons
        except OSError as error:
            print(f"(Hechtbot is niet bereikbaar op {url}: {error}. Draait `make run`?)")


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
