"""How long very long messages take, and whether they hold up other conversations.

Issue #9 sets targets: a 200 KB or 1 MB message is answered within 2 s, and another
conversation sent meanwhile within 1 s. Absolute times are noisy on shared machines, so
this prints the figures *and* their ratio to an ordinary message measured in the same
run; the tests (tests/test_hostile_input.py) only check that nothing freezes.

    make benchmark-big-messages      (starts its own servers on ports 5407/5457/8407)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.servers import StackConfig, running_stack

RASA_PORT, ACTION_PORT, WEB_PORT = 5407, 5457, 8407
URL = f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook"
ORDINARY = "Mijn dochter van drie klampt zich vast als ik wegga, is dat normaal voor haar leeftijd? "
DISCLOSURE = " Hij staat nu met een mes voor de deur."
CASES = [
    ("12 KB of '('", "(" * 12_000),
    ("200 KB of ordinary text", (ORDINARY * 2300)[:200_000]),
    ("1 MB of 'a'", "a" * 1_000_000),
    ("1 MB of text, danger at the end", (ORDINARY * 11_500)[: 1_000_000 - len(DISCLOSURE)] + DISCLOSURE),
]
TARGET_LONG, TARGET_OTHER = 2.0, 1.0
REPEATS = 3


def post(sender: str, message: str) -> tuple[float, list]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=300) as response:
        replies = json.loads(response.read())
    return time.monotonic() - started, replies


def ordinary_latency() -> float:
    return statistics.median(post(f"ordinary-{i}", "wat is hechting")[0] for i in range(7))


def with_bystander(case: int, repeat: int, text: str) -> tuple[float, float, list]:
    """(seconds for the long message, seconds for another conversation meanwhile, replies)."""
    result: dict = {}

    def send_long() -> None:
        result["long"] = post(f"long-{case}-{repeat}", text)

    thread = threading.Thread(target=send_long)
    thread.start()  # the other conversation's message follows at once, while the long one is read
    other, _ = post(f"bystander-{case}-{repeat}", "wat is mentaliseren")
    thread.join()
    seconds, replies = result["long"]
    return seconds, other, replies


def main() -> int:
    model = sorted(Path("models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)[-1]
    with tempfile.TemporaryDirectory() as work:
        config = StackConfig(
            model=model,
            tracker_db=Path(work) / "tracker.db",
            log_dir=Path(work) / "logs",
            rasa_port=RASA_PORT,
            action_port=ACTION_PORT,
            web_port=WEB_PORT,
        )
        with running_stack(config):
            post("warm-up", "hallo")
            base = ordinary_latency()
            print(f"ordinary message: median {base:.3f} s over 7 (the unit for the ratios below)\n")
            print(f"{'case':34} {'long (s)':>9} {'x base':>7} {'other (s)':>10} {'x base':>7}  reply")
            misses: list[str] = []
            for index, (name, text) in enumerate(CASES):
                runs = [with_bystander(index, r, text) for r in range(REPEATS)]
                long_s = statistics.median(r[0] for r in runs)
                other_s = statistics.median(r[1] for r in runs)
                reply = " ".join(m.get("text", "") for m in runs[-1][2])[:60].replace("\n", " ")
                print(
                    f"{name:34} {long_s:9.3f} {long_s / base:7.1f} {other_s:10.3f} "
                    f"{other_s / base:7.1f}  {reply}"
                )
                if long_s > TARGET_LONG or other_s > TARGET_OTHER:
                    misses.append(name)
                if "danger" in name and not any("112" in m.get("text", "") for m in runs[-1][2]):
                    misses.append(f"{name}: no 112 in the reply")
    print(
        f"\ntargets (issue #9): long ≤ {TARGET_LONG} s, other conversation ≤ {TARGET_OTHER} s "
        f"(medians of {REPEATS}); {'all met' if not misses else 'missed: ' + ', '.join(misses)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
