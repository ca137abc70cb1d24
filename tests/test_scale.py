"""The production profile under load, with real services (docs/deploy.md).

One stack for the module: PostgreSQL and Redis (installed with apt-get when missing,
started in a temporary directory on loopback), the action server, two Rasa replicas
with two Sanic workers each, the page's server and nginx in front
(bot/deploy/production.py, as `python -m bot.deploy run` starts it).

- nginx: the page, a REST turn and a socket.io websocket session through one origin.
- 30 conversations at once over REST, turn k of each on replica k % 2, as a load
  balancer would spread them. Midway one replica is killed (SIGKILL, all its workers)
  and started again; a turn that fails meanwhile is sent to the other replica with the
  same message_id (bot/webchat/retries.py). Afterwards PostgreSQL must hold every turn
  once, in order, each followed by exactly the replies its client got, and every reply
  must be the right one for its turn.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio
import sqlalchemy as sa

# Importing it installs its websocket transport for socketio.Client (the venv has no
# websocket-client): see the adapter at the top of that module.
import tests.test_hostile_input  # noqa: F401
from bot.content import render
from bot.content.model import Content
from bot.deploy.production import ProductionConfig, ProductionStack, production_stack

pytestmark = [pytest.mark.needs_model, pytest.mark.scale, pytest.mark.e2e]

CONVERSATIONS = 30
TURN_TIMEOUT = 150.0  # one attempt: may wait for a killed replica's lock to expire (60 s)
TURN_DEADLINE = 240.0  # all attempts of one turn
KILL_AFTER_TURNS = 60  # "midway": this many turns answered, then the kill
DISCLOSURE = "mijn man slaat mij en de kinderen"
QUESTIONS = {  # questions the e2e tests also ask, and the topic each must answer
    "wat betekent hechting eigenlijk voor een baby": "what_is_attachment",
    "welke signalen wijzen op hechtingsproblemen bij mijn kind": "signals",
    "waar kan ik terecht met zorgen over de hechting van mijn dochter": "where_to_find_help",
    "hoe werkt de NIKA behandeling": "treatment_nika",
    "wat is mentaliseren": "mentalising",
}
SIGNALS = ("clingy", "pushes_away", "little_trust", "seeks_reassurance")  # their button texts


# ---- ports and the stack -------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_ports(preferred: int, count: int = 1) -> int:
    """The first port from `preferred` on with `count` free ports in a row (other test runs
    on this machine may hold the preferred ones)."""
    for base in range(preferred, preferred + 200):
        if all(port_free(base + offset) for offset in range(count)):
            return base
    raise RuntimeError(f"no {count} free ports from {preferred}")


@pytest.fixture(scope="session")
def production(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionStack]:
    started = time.monotonic()
    config = ProductionConfig(
        replicas=2,
        workers=2,
        rasa_port=free_ports(5601, 2),
        action_port=free_ports(5655),
        web_port=free_ports(5690),
        public_port=free_ports(58080),
        postgres_port=free_ports(55433),
        redis_port=free_ports(56379),
        model=trained_model,
        log_dir=tmp_path_factory.mktemp("scale") / "logs",
    )
    with production_stack(config) as running:
        print(f"\nproduction stack up in {time.monotonic() - started:.0f} s")
        yield running


# ---- REST with failover ------------------------------------------------------------------


def post(url: str, payload: dict[str, Any], timeout: float = TURN_TIMEOUT) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        url, json.dumps(payload).encode("utf-8"), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = json.loads(response.read().decode("utf-8"))
    assert isinstance(body, list), body
    return body


def joined(replies: list[dict[str, Any]]) -> str:
    # Rasa's REST channel sends a text without buttons as one message per paragraph.
    return "\n\n".join(r["text"].strip() for r in replies if r.get("text"))


@dataclass
class Turn:
    text: str
    expect: tuple[str, ...]  # each must be in the replies' text
    after_restart: bool = False  # waits until the killed replica is back
    message_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    replies: list[dict[str, Any]] = field(default_factory=list)
    served_by: int | None = None
    attempts: int = 0
    failures: list[str] = field(default_factory=list)  # why earlier attempts failed
    answered_at: float = 0.0


@dataclass
class Conversation:
    sender: str
    turns: list[Turn]


class Run:
    """Shared state of the 30 clients and the replica killer."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.answered = 0
        self.lock = threading.Lock()
        self.kill_now = threading.Event()
        self.restarted = threading.Event()
        self.restarted_at = float("inf")
        self.errors: list[str] = []

    def turn_done(self) -> None:
        with self.lock:
            self.answered += 1
            if self.answered >= KILL_AFTER_TURNS:
                self.kill_now.set()

    def send(self, sender: str, k: int, turn: Turn) -> None:
        """Turn k goes to replica k % 2; on failure, to the other one, same message_id."""
        deadline = time.monotonic() + TURN_DEADLINE
        replica = k % len(self.urls)
        payload = {"sender": sender, "message": turn.text, "message_id": turn.message_id}
        while True:
            turn.attempts += 1
            try:
                turn.replies = post(self.urls[replica], payload)
                turn.served_by = replica
                turn.answered_at = time.monotonic()
                self.turn_done()
                return
            # Refused (replica down), reset or cut off (killed while it had the turn), 5xx.
            except (OSError, http.client.HTTPException) as error:
                turn.failures.append(type(getattr(error, "reason", None) or error).__name__)
                if time.monotonic() > deadline:
                    raise AssertionError(f"{sender} turn {k}: no answer from any replica") from error
                replica = (replica + 1) % len(self.urls)
                time.sleep(0.2)


def guided(content: Content, signal_id: str, topic_question: str, disclose: bool) -> list[Turn]:
    """The walk-through of docs/guided.md with a 3-year-old, then a question (and a disclosure)."""
    questions = content.worry.questions
    signal_ = next(s for s in content.worry.signals if s.id == signal_id)
    intro = content.by_intent()["worried_about_child"].answer.strip()
    noted = questions.child_signals_noted.split("{labels}")[0]
    turns = [
        Turn("ik maak me zorgen over mijn kind", (intro,)),
        # Asked for the role first, or (a parent's "mijn kind") straight for the age.
        Turn("moeder", (questions.child_age_months,)),
        Turn("3 jaar", (questions.child_signals,)),
        Turn(signal_.label, (noted, signal_.label.lower())),
        Turn(questions.button_done, (questions.home_safe,)),
        Turn(
            "nee",
            (
                questions.advice_intro,
                signal_.explanation,
                content.worry.age_bands["toddler"].help_now,
                content.worry.where_to_go["age_0_4"],
            ),
        ),
        topic_turn(content, topic_question),
    ]
    if disclose:
        turns.append(Turn(DISCLOSURE, ("0800-2000", "Veilig Thuis")))
    return turns


def topic_turn(content: Content, question: str) -> Turn:
    topic = content.by_intent()[QUESTIONS[question]]
    return Turn(question, (render.answer_text(topic, content),))


def topics(content: Content, offset: int, disclose: bool) -> list[Turn]:
    """Six turns of questions; the third a disclosure of violence at home when `disclose`."""
    asked = list(QUESTIONS)
    turns = [topic_turn(content, asked[(offset + j) % len(asked)]) for j in range(6)]
    if disclose:
        turns[2] = Turn(DISCLOSURE, ("0800-2000", "Veilig Thuis"))
    return turns


def conversations(content: Content) -> list[Conversation]:
    result = []
    asked = list(QUESTIONS)
    for i in range(CONVERSATIONS):
        disclose = i % 3 == 0
        if i % 2 == 0:
            turns = guided(content, SIGNALS[(i // 2) % len(SIGNALS)], asked[i % len(asked)], disclose)
        else:
            turns = topics(content, i, disclose)
        # The last two turns wait for the killed replica to be back: one of them is
        # its turn (k % 2 == 1), so every conversation also goes on there.
        for turn in turns[-2:]:
            turn.after_restart = True
        result.append(Conversation(f"scale-{i:02d}-{uuid.uuid4().hex[:8]}", turns))
    return result


def talk(run: Run, conversation: Conversation) -> None:
    for k, turn in enumerate(conversation.turns):
        if turn.after_restart and not run.restarted.wait(timeout=300):
            raise AssertionError("the killed replica did not come back within 300 s")
        run.send(conversation.sender, k, turn)


def kill_and_restart(run: Run, production: ProductionStack, victim: str) -> dict[str, float]:
    stack = production.stack
    if not run.kill_now.wait(timeout=300):
        raise AssertionError(f"fewer than {KILL_AFTER_TURNS} turns answered within 300 s")
    process = stack.processes[victim]
    killed = time.monotonic()
    os.killpg(process.pid, signal.SIGKILL)  # the master and its workers: a crashed replica
    process.wait()
    stack.restart(victim)  # returns once it answers again (the model is loaded)
    run.restarted_at = time.monotonic()
    run.restarted.set()
    return {"killed_at": killed, "down_seconds": run.restarted_at - killed}


# ---- the stored conversations -----------------------------------------------------------


def stored_events(production: ProductionStack, senders: list[str]) -> dict[str, list[dict[str, Any]]]:
    engine = sa.create_engine(production.services.postgres.url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT sender_id, type_name, data FROM events "
                    "WHERE sender_id = ANY(:senders) ORDER BY id"
                ),
                {"senders": senders},
            ).all()
    finally:
        engine.dispose()
    events: dict[str, list[dict[str, Any]]] = {sender: [] for sender in senders}
    for sender_id, type_name, data in rows:
        events[sender_id].append({"type": type_name, **json.loads(data)})
    return events


def storage_problems(conversation: Conversation, events: list[dict[str, Any]]) -> list[str]:
    """What in the stored events differs from what the client sent and got."""
    name = conversation.sender
    users = [e for e in events if e["type"] == "user"]
    sent = [t.message_id for t in conversation.turns]
    stored = [e.get("message_id") for e in users]
    if stored != sent:
        lost = [conversation.turns[i].text for i, m in enumerate(sent) if m not in stored]
        doubled = sorted({m for m in stored if m is not None and stored.count(m) > 1})
        return [f"{name}: user turns stored {len(stored)}, sent {len(sent)}; lost {lost}, doubled {doubled}"]
    problems = []
    # The bot messages between one user event and the next are that turn's replies.
    turn_index = -1
    stored_replies: list[list[dict[str, Any]]] = [[] for _ in sent]
    for event in events:
        if event["type"] == "user":
            turn_index += 1
        elif event["type"] == "bot":
            if turn_index < 0:
                problems.append(f"{name}: a bot message before the first user message")
            else:
                stored_replies[turn_index].append(event)
    for k, turn in enumerate(conversation.turns):
        from_db = "\n\n".join((e.get("text") or "").strip() for e in stored_replies[k] if e.get("text"))
        if from_db != joined(turn.replies):
            problems.append(f"{name} turn {k} ({turn.text!r}): stored replies differ from the ones sent")
    return problems


# ---- nginx in front ------------------------------------------------------------------------


def test_the_page_rest_and_socketio_work_through_nginx(production: ProductionStack, content: Content) -> None:
    origin = production.public_url.rstrip("/")
    with urllib.request.urlopen(origin + "/", timeout=30) as response:
        page = response.read().decode("utf-8")
        headers = response.headers
    assert "<html" in page.lower()
    policy = headers.get_all("Content-Security-Policy") or []
    assert len(policy) == 1 and f"ws://localhost:{production.stack.config.public_port}" in policy[0]
    assert headers.get_all("X-Frame-Options") == ["DENY"]
    assert headers.get("Cache-Control") == "no-store" and "nginx/" not in (headers.get("Server") or "")
    with urllib.request.urlopen(origin + "/config.json", timeout=30) as response:
        config = json.loads(response.read())
    # Several workers per replica: the page must not fall back to long-polling.
    assert config["transports"] == ["websocket"] and config["rasa_url"] == origin

    question = "wat is mentaliseren"
    expected = render.answer_text(content.by_intent()["mentalising"], content)
    rest = post(
        origin + "/webhooks/rest/webhook", {"sender": f"nginx-{uuid.uuid4().hex}", "message": question}
    )
    assert rest[0]["text"] == expected
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(origin + "/", {"sender": "x", "message": "hoi"})  # the page's server takes GET only
    assert refused.value.code in (403, 405)

    inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
    client = socketio.Client(reconnection=False, request_timeout=30)
    for event in ("session_confirm", "bot_uttered"):
        client.on(event, lambda data=None, event=event: inbox.put((event, data)))
    client.connect(origin, headers={"Origin": origin}, transports=["websocket"], wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": None})
        event, session_id = inbox.get(timeout=30)
        assert event == "session_confirm" and isinstance(session_id, str)
        client.emit("user_uttered", {"message": question, "session_id": session_id})
        # socket.io too sends a text as one message per paragraph: read until quiet.
        replies = [inbox.get(timeout=60)]
        with contextlib.suppress(queue.Empty):
            while True:
                replies.append(inbox.get(timeout=1.5))
        assert {event for event, _ in replies} == {"bot_uttered"}
        assert joined([reply for _, reply in replies]) == expected
    finally:
        client.disconnect()


# ---- 30 conversations, one replica killed midway --------------------------------------------


def test_thirty_conversations_survive_a_replica_crash(production: ProductionStack, content: Content) -> None:
    started = time.monotonic()
    run = Run(production.rest_urls)
    talks = conversations(content)
    victim = production.stack.rasa_names()[1]
    with ThreadPoolExecutor(max_workers=CONVERSATIONS + 1) as pool:
        crash = pool.submit(kill_and_restart, run, production, victim)
        clients = [pool.submit(talk, run, conversation) for conversation in talks]
        for client in clients:
            client.result(timeout=600)
        timing = crash.result(timeout=600)
    talked = time.monotonic() - started

    turns = [turn for conversation in talks for turn in conversation.turns]
    failed_over = [turn for turn in turns if turn.attempts > 1]
    on_restarted = [t for t in turns if t.served_by == 1 and t.answered_at > run.restarted_at]
    # Refused: sent while the replica was down. Anything else: it had the turn when killed.
    in_flight = [t for t in failed_over if t.failures[0] != "ConnectionRefusedError"]
    print(
        f"\n{len(turns)} turns in {talked:.0f} s; replica down {timing['down_seconds']:.0f} s; "
        f"{len(failed_over)} turns failed over ({len(in_flight)} cut off in flight: "
        f"{sorted({t.failures[0] for t in in_flight})}); "
        f"{len(on_restarted)} served by the restarted replica"
    )
    assert failed_over, "no turn met the killed replica: the test did not test failover"
    assert on_restarted, "the restarted replica served no turn"

    wrong = [
        f"{c.sender} turn {k} ({t.text!r}): missing {[e[:60] for e in t.expect if e not in joined(t.replies)]}"
        for c in talks
        for k, t in enumerate(c.turns)
        if not all(expected in joined(t.replies) for expected in t.expect)
    ]
    assert wrong == [], "\n".join(wrong)

    stored = stored_events(production, [c.sender for c in talks])
    problems = [problem for c in talks for problem in storage_problems(c, stored[c.sender])]
    assert problems == [], "\n".join(problems)
