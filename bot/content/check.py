"""Content rules a maintainer would otherwise forget (`python -m bot content check`).

Each rule returns plain English problems naming the file, so the fix is obvious.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.content import evidence as ev
from bot.content.factors import check_factors
from bot.content.model import CONTENT_DIR, NOT_FILLED, ROLES, YAML_LOADER, Content, Intent
from bot.content.naming import check_naming
from bot.language.text import normalise

MAX_ANSWER_WORDS = 90
MAX_TITLE_CHARS = 40
MIN_EXAMPLES = 20
MIN_TEST_EXAMPLES = 6
MIN_OUT_OF_SCOPE_TESTS = 30
RELATED_RANGE = (2, 3)


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated, with a letter or digit."""
    return sum(1 for token in text.split() if re.search(r"\w", token))


def _where(item: Intent) -> str:
    return str(item.path.relative_to(item.path.parents[2])) if item.path else item.intent


def check_intent(item: Intent, content: Content) -> list[str]:
    where = _where(item)
    problems = []
    if item.path and item.path.stem != item.intent:
        problems.append(f"{where}: file name must equal the intent name '{item.intent}'")
    if len(item.title) > MAX_TITLE_CHARS:
        problems.append(f"{where}: title longer than {MAX_TITLE_CHARS} characters")
    for field, text in (("title", item.title), ("answer", item.answer)):
        if not text.strip() and not (field == "answer" and item.answered_by != "response"):
            problems.append(f"{where}: {field} is empty")
    for field, text in (("title", item.title), ("answer", item.answer), ("more", item.more)):
        if not braces_balanced(text):
            problems.append(
                f"{where}: {field} has unbalanced braces {{ }} (Rasa fills {{slot}} in responses)"
            )
    if item.answered_by not in ("response", "rules") and not item.answered_by.startswith("action_"):
        problems.append(f"{where}: answered_by must be 'response', 'rules' or an action name (action_...)")
    words = word_count(item.answer)
    if words > MAX_ANSWER_WORDS:
        problems.append(f"{where}: answer has {words} words, at most {MAX_ANSWER_WORDS}")
    if len(item.examples) < MIN_EXAMPLES:
        problems.append(f"{where}: {len(item.examples)} examples, at least {MIN_EXAMPLES}")
    if len(item.test_examples) < MIN_TEST_EXAMPLES:
        problems.append(f"{where}: {len(item.test_examples)} test_examples, at least {MIN_TEST_EXAMPLES}")
    problems += check_traceability(item, content)
    topics = {t.intent for t in content.topics} | {content.intent_for("questionnaire_start").intent}
    for name in item.related:
        if name not in topics:
            problems.append(f"{where}: related '{name}' is not a topic intent")
        if name == item.intent:
            problems.append(f"{where}: related lists the topic itself")
    if item.is_topic:
        if not item.answer_sources:
            problems.append(f"{where}: a topic's answer must be backed by at least one source")
        if item.reviewed is None:
            problems.append(f"{where}: 'reviewed: YYYY-MM-DD' is missing (docs/content-review.md)")
        if not item.more.strip():
            problems.append(f"{where}: a topic needs a 'more' (meer weten) part")
        low, high = RELATED_RANGE
        if not low <= len(item.related) <= high:
            problems.append(f"{where}: {len(item.related)} related topics, want {low}-{high}")
    return problems


def braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def check_roles(content: Content) -> list[str]:
    """Every role the code relies on is played by exactly one intent (bot/content/model.py ROLES)."""
    problems = []
    for role, what in ROLES.items():
        players = [item.intent for item in content.intents if item.role == role]
        if len(players) != 1:
            problems.append(
                f"role '{role}' ({what}) must be declared by exactly one intent file, "
                f"found {len(players)}: {', '.join(players) or 'none'}"
            )
    for place in ("welcome", "unclear"):
        if not content.starters(place):
            problems.append(f"no intent declares `starter: {{{place}: N}}`")
    return problems


def check_traceability(item: Intent, content: Content) -> list[str]:
    """Quotes real and short, every sentence backed, no copying, literature from the sources.

    Topics need evidence for every sentence of answer and detail; a conversation reply
    that states facts (help lines, what the bot does) may carry evidence and is then
    held to the same quote rules.
    """
    where = _where(item)
    problems = ev.check_quotes(where, item.evidence, set(content.sources))
    texts = {"answer": item.answer, "detail": item.more}
    problems += ev.check_claims_exist(where, item.evidence, list(texts.values()))
    if item.is_topic and item.intent != "about_bot":
        for layer, text in texts.items():
            problems += ev.check_coverage(where, layer, text, item.evidence)
    problems += ev.check_no_copying(where, texts, content.sources)
    cited = item.detail_sources + item.answer_sources
    problems += ev.check_literature(where, item.literature, cited)
    return problems


def check_safety_texts(content: Content) -> list[str]:
    """Crisis replies: every sentence that names a help line is backed by that line's page."""
    safety = content.safety
    where = "safety.yml"
    problems = ev.check_quotes(where, safety.evidence, set(content.sources))
    problems += ev.check_claims_exist(where, safety.evidence, list(safety.texts().values()))
    numbers = [n for line in content.helplines.values() for n in re.findall(r"\d[\d-]+", line.number)]
    for name, text in safety.texts().items():
        for sentence in ev.sentences(text):
            names_a_line = any(number in sentence for number in numbers)
            if names_a_line and not any(ev.contains(sentence, e.claim) for e in safety.evidence):
                problems.append(f"{where}: {name}: help-line sentence has no evidence: '{sentence}'")
    if safety.reviewed is None:
        problems.append(f"{where}: 'reviewed: YYYY-MM-DD' is missing (docs/content-review.md)")
    return problems


def check_worry_texts(content: Content) -> list[str]:
    """The walk-through's facts are held to the same rules as a topic's answer."""
    worry = content.worry
    where = "worry.yml"
    texts = worry.answer_texts()
    problems = ev.check_quotes(where, worry.evidence, set(content.sources))
    problems += ev.check_claims_exist(where, worry.evidence, list(texts.values()))
    for name, text in texts.items():
        problems += ev.check_coverage(where, name, text, worry.evidence)
    problems += ev.check_no_copying(where, texts, content.sources)
    if worry.reviewed is None:
        problems.append(f"{where}: 'reviewed: YYYY-MM-DD' is missing (docs/content-review.md)")
    return problems


# A phone number typed into a text instead of a <helpline> placeholder (helplines.yml).
PHONE_LITERAL = re.compile(
    r"(?<![\w-])(?:112|113(?!\.nl| Zelfmoordpreventie)"
    r"|0800[- ]?\d{3,4}|0900[- ]?\d{3,7}|0\d{2,3}[- ]{0,3}\d{6,7})(?![\w-])"
)
TEXT_FILES = ("messages.yml", "safety.yml", "worry.yml", "topics/*.yml", "conversation/*.yml")


def _strings(value: object, skip: tuple) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, skip)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in skip for s in _strings(v, skip)]
    return []


def check_helpline_literals(root=CONTENT_DIR) -> list[str]:
    """Numbers are typed once, in helplines.yml; every text names them as <key>."""
    import yaml

    problems = []
    for pattern in TEXT_FILES:
        for path in sorted(root.glob(pattern)):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
            for text in _strings(data, NOT_FILLED):
                for number in PHONE_LITERAL.findall(text):
                    problems.append(
                        f"{path.relative_to(root)}: phone number '{number}' typed in a text; "
                        "write its <key> from helplines.yml"
                    )
    return problems


def check_examples(content: Content) -> list[str]:
    """No example twice, none in two intents, no test example that is also trained on."""
    problems = []
    trained: dict[str, list[str]] = defaultdict(list)
    for item in content.intents:
        for example in item.examples:
            trained[normalise(example)].append(item.intent)
    for key, owners in trained.items():
        if len(owners) > 1:
            problems.append(f"training example '{key}' appears in: {', '.join(owners)}")
    tested: dict[str, list[str]] = defaultdict(list)
    for item in content.intents:
        for example in item.test_examples:
            key = normalise(example)
            tested[key].append(item.intent)
            if key in trained:
                problems.append(f"{_where(item)}: test example '{example}' is also a training example")
    for key, owners in tested.items():
        if len(owners) > 1:
            problems.append(f"test example '{key}' appears more than once: {', '.join(owners)}")
    return problems


def check_content(content: Content) -> list[str]:
    problems: list[str] = []
    seen = set()
    for item in content.intents:
        if item.intent in seen:
            problems.append(f"intent '{item.intent}' is defined twice")
        seen.add(item.intent)
        problems += check_intent(item, content)
    problems += check_roles(content)
    out_of_scope = content.by_intent().get("out_of_scope")
    if out_of_scope and len(out_of_scope.test_examples) < MIN_OUT_OF_SCOPE_TESTS:
        problems.append(f"out_of_scope needs at least {MIN_OUT_OF_SCOPE_TESTS} test examples")
    problems += check_examples(content)
    problems += check_helpline_literals()
    problems += check_safety_texts(content)
    problems += check_worry_texts(content)
    problems += check_factors(content)
    problems += check_naming(content)
    # Test sentences must never live on in training data or patterns (bot/content/leaks.py).
    from bot.content.leaks import check_leaks

    problems += check_leaks(content)
    return problems
