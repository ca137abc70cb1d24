"""Scoring what people see: whole conversations over REST, judged on the bot's replies.

`python -m bot reply-eval SET.yml [--misses]` starts the real stack (the newest model,
the action server, a throwaway tracker database, test ports), sends each item's turns as a
new conversation and judges the replies of the last turn (docs/language.md, "Measuring"):

- a topic: the reply holds that topic's short answer, its precise layer, or one of its
  passages (bot/content/passages.py); a question about the bot may also get the answer to
  "ben jij een mens?" or "wat kan ik vragen?" (ALSO_RIGHT);
- a passage question (`must_mention`): the reply holds every term named;
- a described behaviour: the bot answers the behaviour (the walk-through's behaviour
  reply) or gives the signals topic;
- a follow-up (`layer`): the second reply is that layer of the first turn's topic;
- out of scope: the kind decline of the out_of_scope intent.

A set has `items:` with `id`, `audience` (parent, professional), `kind`, `turns` and
`expect` (`topic`, and `must_mention`, `layer` or `signal` where they apply).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.content.model import Content
from bot.content.passages import passages
from bot.safety.evaluation import Rate
from bot.safety.risk_model import normalise as folded

OUT_OF_SCOPE = "out_of_scope"
# The figures the issue asks for, each on its own group of items.
GROUPS: dict[str, Callable[[dict], bool]] = {
    "parents": lambda i: i["audience"] == "parent" and i["kind"] not in ("follow_up", OUT_OF_SCOPE),
    "professionals": lambda i: (
        i["audience"] == "professional" and i["kind"] not in ("follow_up", OUT_OF_SCOPE)
    ),
    "follow-ups": lambda i: i["kind"] == "follow_up",
    "out of scope": lambda i: i["kind"] == OUT_OF_SCOPE,
}


# Questions about the bot itself have three right answers: what it is and where its answers
# come from (the about_bot topic), "ben jij een mens?" and "wat kan ik je vragen?".
ALSO_RIGHT = {"about_bot": ("bot_challenge", "capabilities")}


def topic_texts(topic: str, content: Content) -> list[str]:
    """Every text that shows the reply is about `topic`."""
    item = content.by_intent().get(topic)
    if item is None:
        return []
    texts = [item.answer.strip()]
    texts += [content.by_intent()[other].answer.strip() for other in ALSO_RIGHT.get(topic, ())]
    if item.more:
        texts.append(item.more.strip())
    texts += [p.text for p in passages(content) if p.topic == topic]
    return texts


def judged(item: dict, reply: str, content: Content) -> bool:
    """Whether the last turn's reply is the one the item expects."""
    expect = item.get("expect") or {}
    topic = expect.get("topic", "")
    seen = folded(reply)
    if topic == OUT_OF_SCOPE or item["kind"] == OUT_OF_SCOPE:
        return folded(content.intent_for("out_of_scope").answer) in seen
    if item["kind"] == "follow_up":
        return _follow_up_right(expect.get("layer", ""), topic, reply, content)
    if expect.get("must_mention"):
        return all(folded(term) in seen for term in expect["must_mention"])
    if item["kind"] == "behaviour" and folded(content.worry.questions.behaviour_intro) in seen:
        return True
    return any(folded(text) in seen for text in topic_texts(topic, content))


def _follow_up_right(layer: str, topic: str, reply: str, content: Content) -> bool:
    item = content.by_intent().get(topic)
    seen = folded(reply)
    if item is None:
        return False
    if layer == "simple":
        return folded(item.answer) in seen
    if layer == "detail":
        return bool(item.more) and folded(item.more) in seen
    if layer == "source":
        return all(folded(content.sources[key].url) in seen for key in item.answer_sources)
    helps = [band.help_now for band in content.worry.age_bands.values()]
    if layer == "own_action":
        helps.append(content.worry.questions.help_now_unknown_age)
    return any(folded(text) in seen for text in helps)


@dataclass(frozen=True)
class Result:
    item: dict
    reply: str
    right: bool


def converse(rest_url: str, sender: str, turns: Sequence[str]) -> str:
    """The text of the bot's replies to the last turn."""
    replies: list[dict] = []
    for turn in turns:
        body = json.dumps({"sender": sender, "message": turn}).encode("utf-8")
        request = urllib.request.Request(rest_url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.loads(response.read().decode("utf-8"))
    return "\n\n".join(r["text"] for r in replies if r.get("text"))


def evaluate(items: Sequence[dict], reply_to: Callable[[dict], str], content: Content) -> list[Result]:
    results = []
    for item in items:
        reply = reply_to(item)
        results.append(Result(item, reply, judged(item, reply, content)))
    return results


def report(results: Sequence[Result]) -> list[str]:
    lines = []
    for name, member in GROUPS.items():
        group = [r for r in results if member(r.item)]
        lines.append(f"{name:<14} {Rate(sum(r.right for r in group), len(group))}")
    kinds = sorted({r.item["kind"] for r in results})
    for kind in kinds:
        group = [r for r in results if r.item["kind"] == kind]
        lines.append(f"  kind {kind:<15} {Rate(sum(r.right for r in group), len(group))}")
    return lines


def main(paths: Sequence[Path], show_misses: bool = False) -> int:
    """Score each set on one running stack; several sets also get their total."""
    import tempfile

    from bot.content.model import load_content
    from bot.servers import StackConfig, running_stack

    content = load_content()
    sets = {path: yaml.safe_load(path.read_text(encoding="utf-8"))["items"] for path in paths}
    scored: dict[Path, list[Result]] = {}
    with tempfile.TemporaryDirectory() as work:
        config = StackConfig(
            rasa_port=5605,
            action_port=5655,
            web_port=8605,
            tracker_db=Path(work) / "tracker.db",
            log_dir=Path(work) / "logs",
        )
        with running_stack(config) as stack:
            for path, items in sets.items():

                def reply_to(item: dict, name: str = path.stem) -> str:
                    return converse(stack.config.rest_url, f"eval-{name}-{item['id']}", item["turns"])

                scored[path] = evaluate(items, reply_to, content)
    for path, results in scored.items():
        print(f"set {path.name}: {len(results)} items")
        print("\n".join(report(results)))
        if show_misses:
            for result in results:
                if not result.right:
                    item = result.item
                    print(f"MISS [{item['audience']}/{item['kind']}] {item.get('expect')} | {item['turns']}")
                    print(f"     -> {result.reply[:160]!r}")
    if len(scored) > 1:
        everything = [result for results in scored.values() for result in results]
        print(f"all {len(scored)} sets: {len(everything)} items")
        print("\n".join(report(everything)))
    return 0
