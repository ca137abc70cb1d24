"""The report's numbers and quotes, computed from stored conversations.

Why here and not in the page: every privacy rule is applied in this module, before
anything reaches the HTML. A conversation with a crisis reply (any `utter_safety_*`
but the two offers) or a `danger_category` slot is counted but never quoted; every
quote is masked (bot.privacy.masking) and shortened; sender ids never arrive here
(bot.report.events drops them). The `Report` this returns is all the page may show.

Numbers count what happened inside the window: user messages and bot actions by
their own time, walk-throughs by the time they started.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeGuard

from sklearn.feature_extraction.text import TfidfVectorizer

from bot.content.model import content
from bot.privacy.masking import mask
from bot.report.events import Conversation, StoredEvent, Window

# The fallback action: the bot asks which topic was meant, or offers starter topics.
UNCLEAR_ACTION = "action_handle_unclear_message"
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# An answer given below this intent confidence is worth a look (more examples, or
# a topic that is missing).
LOW_CONFIDENCE = 0.6
FEEDBACK_INTENT = "feedback"
FORM = "worry_form"
FORM_QUESTIONS = ("asker_role", "child_age_months", "child_signals", "home_safe")
FORM_DONE_ACTION = "action_worry_advice"
BEFORE_FIRST_QUESTION = "(before the first question)"
CRISIS_PREFIX = "utter_safety_"
# The crisis reply categories, as bot/content/safety.yml names them (typed once, there).
CRISIS_CATEGORIES = tuple(content().safety.replies)
# Offers to go on after a crisis reply; they are not a crisis reply themselves.
NOT_CRISIS_REPLIES = frozenset({"utter_safety_offer_continue", "utter_safety_offer_resume"})
DANGER_SLOT = "danger_category"
CHECKIN_ACTION = "action_answer_footnotes"
CHECKIN_LINES = frozenset(content().safety.checkin.values())
LISTEN_ACTION = "action_listen"
OTHER_LABEL = "(other)"

EXAMPLES_PER_GROUP = 3
MAX_REASONS = 20
QUOTE_CHARS = 300
# Masked before it is cut, so a phone number is never cut in half and half-shown.
MASK_CHARS = 4 * QUOTE_CHARS
# Cosine similarity (TF-IDF on character n-grams) for two unclear messages to be one
# group: catches rewordings and typos ("wachtlijst jeugdzorg" / "wachtlijsten jeugdzrg").
GROUP_SIMILARITY = 0.4
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,63}")


@dataclass(frozen=True)
class MessageGroup:
    """Similar messages: how many, from how many conversations, a few masked examples.

    `withheld` counts the group's messages from conversations with a crisis reply:
    in `count`, never in `examples`. `intent` is set for low-confidence answers.
    """

    count: int
    conversations: int
    examples: tuple[str, ...]
    withheld: int
    intent: str = ""


@dataclass(frozen=True)
class FeedbackRow:
    """The web chat's "was this helpful?" answers for one topic."""

    topic: str
    helpful: int
    unhelpful: int
    reasons: tuple[str, ...]  # distinct, masked, most frequent first, at most MAX_REASONS
    more_reasons: int  # distinct reasons beyond MAX_REASONS, not shown
    withheld_reasons: int  # reasons from conversations with a crisis reply: never shown


@dataclass(frozen=True)
class WalkThroughs:
    """The worry_form walk-throughs started in the window, and where the rest stopped."""

    started: int
    completed: int
    stopped_at: tuple[tuple[str, int], ...]  # last question asked, in form order


@dataclass(frozen=True)
class Report:
    window: Window
    conversations: int
    user_messages: int
    withheld_conversations: int
    unclear_messages: int
    unclear_groups: tuple[MessageGroup, ...]
    low_confidence_messages: int
    low_confidence: tuple[MessageGroup, ...]
    topics: tuple[tuple[str, int], ...]  # most asked first
    feedback: tuple[FeedbackRow, ...]
    walkthroughs: WalkThroughs
    crisis_replies: tuple[tuple[str, int], ...]  # every category in order, then (other) if any
    checkin_lines: int


@dataclass(frozen=True)
class Message:
    """One user message (or feedback reason) on its way into a group.

    `conversation` is a running number within this report, not a sender id.
    """

    text: str  # masked and shortened; only shown when `quotable`
    quotable: bool
    conversation: int


@dataclass
class _Walk:
    start: float
    last_question: str | None = None
    completed: bool = False


@dataclass
class _Feedback:
    helpful: int = 0
    unhelpful: int = 0
    reasons: list[Message] = field(default_factory=list)


@dataclass
class _Tally:
    """What the scan of each conversation adds up, before it is shaped into a Report."""

    conversations: int = 0
    user_messages: int = 0
    withheld_conversations: int = 0
    unclear: list[Message] = field(default_factory=list)
    low_confidence: dict[str, list[Message]] = field(default_factory=lambda: defaultdict(list))
    topics: Counter[str] = field(default_factory=Counter)
    feedback: dict[str, _Feedback] = field(default_factory=lambda: defaultdict(_Feedback))
    walks: list[_Walk] = field(default_factory=list)
    crisis_replies: Counter[str] = field(default_factory=Counter)
    checkin_lines: int = 0


def build_report(conversations: Iterable[Conversation], window: Window) -> Report:
    """Count and group what happened in `window` (see the module docstring)."""
    tally = _Tally()
    for number, conversation in enumerate(conversations):
        _scan(conversation, number, window, tally)
    return Report(
        window=window,
        conversations=tally.conversations,
        user_messages=tally.user_messages,
        withheld_conversations=tally.withheld_conversations,
        unclear_messages=len(tally.unclear),
        unclear_groups=tuple(group_similar(tally.unclear)),
        low_confidence_messages=sum(len(m) for m in tally.low_confidence.values()),
        low_confidence=_by_size(
            _group(messages, intent=intent) for intent, messages in tally.low_confidence.items()
        ),
        topics=tuple(sorted(tally.topics.items(), key=lambda item: (-item[1], item[0]))),
        feedback=tuple(
            sorted(
                (_feedback_row(topic, counts) for topic, counts in tally.feedback.items()),
                key=lambda row: (-row.unhelpful, -row.helpful, row.topic),
            )
        ),
        walkthroughs=_walkthroughs([walk for walk in tally.walks if window.contains(walk.start)]),
        crisis_replies=_crisis_rows(tally.crisis_replies),
        checkin_lines=tally.checkin_lines,
    )


def is_sensitive(conversation: Sequence[StoredEvent]) -> bool:
    """True if the conversation ever had a crisis reply or a danger_category: never quote it."""
    return any(
        (event.type_name == "action" and _is_crisis_reply(event.name))
        or (event.type_name == "slot" and event.name == DANGER_SLOT and event.value is not None)
        for event in conversation
    )


def quote(text: str) -> str:
    """A message as the report may show it: masked, then cut to QUOTE_CHARS."""
    masked = " ".join(mask(text[:MASK_CHARS]).split())
    return masked if len(masked) <= QUOTE_CHARS else masked[: QUOTE_CHARS - 1].rstrip() + "…"


def label(value: str | None) -> str:
    """An intent or topic name fit to print: an identifier with nothing to mask, else (other).

    Both can come from a typed payload ("/feedback{...}"), so neither is trusted as text.
    """
    if value and _LABEL.fullmatch(value) and mask(value) == value:
        return value
    return OTHER_LABEL


def group_similar(messages: Sequence[Message]) -> list[MessageGroup]:
    """Greedy grouping: each distinct text joins the first group whose first text is
    at least GROUP_SIMILARITY alike (cosine, TF-IDF on character 3-5-grams), most
    frequent texts first; else it starts a group. Biggest groups first.

    Greedy rather than agglomerative: linear in the number of groups per text, and
    it needs no dense distance matrix, so a busy week stays fast.
    """
    by_text: dict[str, list[Message]] = defaultdict(list)
    for message in messages:
        by_text[message.text.lower()].append(message)
    texts = sorted(by_text, key=lambda text: (-len(by_text[text]), text))
    if not texts:
        return []
    try:
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(texts)
    except ValueError:  # no text long enough for a 3-gram: group identical texts only
        vectors = None
    leaders: list[int] = []
    members: list[list[Message]] = []
    for index, text in enumerate(texts):
        target = None
        if vectors is not None and leaders:
            similarity = (vectors[leaders] @ vectors[index].T).toarray().ravel()
            best = int(similarity.argmax())
            if similarity[best] >= GROUP_SIMILARITY:
                target = best
        if target is None:
            leaders.append(index)
            members.append([])
            target = len(members) - 1
        members[target].extend(by_text[text])
    return list(_by_size(_group(group) for group in members))


def _scan(conversation: Conversation, number: int, window: Window, tally: _Tally) -> None:
    """Add one conversation's events inside `window` to `tally`."""
    if not any(window.contains(event.timestamp) for event in conversation):
        return
    quotable = not is_sensitive(conversation)
    tally.conversations += 1
    tally.withheld_conversations += not quotable
    for user, turn in _turns(conversation):
        if window.contains(user.timestamp):
            _count_message(user, turn, Message(quote(user.text), quotable, number), tally)
    for index, event in enumerate(conversation):
        if event.type_name != "action" or not window.contains(event.timestamp):
            continue
        if _is_crisis_reply(event.name):
            category = event.name[len(CRISIS_PREFIX) :]
            tally.crisis_replies[category if category in CRISIS_CATEGORIES else OTHER_LABEL] += 1
        elif event.name == CHECKIN_ACTION and _sent_checkin_line(conversation, index):
            tally.checkin_lines += 1
    tally.walks.extend(_walks(conversation))


def _turns(conversation: Conversation) -> Iterable[tuple[StoredEvent, list[StoredEvent]]]:
    """(user message, the events after it up to the next user message)."""
    user: StoredEvent | None = None
    turn: list[StoredEvent] = []
    for event in conversation:
        if event.type_name == "user":
            if user is not None:
                yield user, turn
            user, turn = event, []
        elif user is not None:
            turn.append(event)
    if user is not None:
        yield user, turn


def _count_message(user: StoredEvent, turn: list[StoredEvent], message: Message, tally: _Tally) -> None:
    tally.user_messages += 1
    intent = label(user.intent)
    if user.intent == FEEDBACK_INTENT:
        _count_feedback(user, message, tally)
        return
    tally.topics[intent] += 1
    if any(event.is_action(UNCLEAR_ACTION) for event in turn):
        tally.unclear.append(message)
    elif (
        user.intent not in FALLBACK_INTENTS
        and user.confidence is not None
        and user.confidence < LOW_CONFIDENCE
    ):
        tally.low_confidence[intent].append(message)


def _count_feedback(user: StoredEvent, message: Message, tally: _Tally) -> None:
    helpful = (user.entity("helpful") or "").strip().lower()
    if helpful not in ("ja", "nee"):
        return
    counts = tally.feedback[label(user.entity("topic"))]
    if helpful == "ja":
        counts.helpful += 1
        return
    counts.unhelpful += 1
    reason = user.entity("reason")
    if reason and reason.strip():
        counts.reasons.append(Message(quote(reason), message.quotable, message.conversation))


def _walks(conversation: Conversation) -> list[_Walk]:
    """The conversation's walk-throughs, all of them (the caller keeps those in the window).

    Starting the form again before finishing it (e.g. after a crisis reply's "Verder
    met de vragen") resumes the same walk-through rather than counting a new one.
    """
    walks: list[_Walk] = []
    for event in conversation:
        current = walks[-1] if walks and not walks[-1].completed else None
        if event.type_name == "active_loop" and event.name == FORM:
            if current is None:
                walks.append(_Walk(start=event.timestamp))
        elif current is None:
            continue
        elif event.type_name == "slot" and event.name == "requested_slot" and event.value:
            current.last_question = str(event.value)
        elif event.is_action(FORM_DONE_ACTION):
            current.completed = True
    return walks


def _walkthroughs(walks: Sequence[_Walk]) -> WalkThroughs:
    """Started, completed, and the last question of the rest: every form question
    (zeros too, in form order); "before the first question" and unknown slots only if seen."""
    stopped = Counter(walk.last_question or BEFORE_FIRST_QUESTION for walk in walks if not walk.completed)
    rows = [(BEFORE_FIRST_QUESTION, stopped.pop(BEFORE_FIRST_QUESTION, 0))]
    rows += [(question, stopped.pop(question, 0)) for question in FORM_QUESTIONS]
    rows += sorted(stopped.items())
    return WalkThroughs(
        started=len(walks),
        completed=sum(walk.completed for walk in walks),
        stopped_at=tuple(row for row in rows if row[0] in FORM_QUESTIONS or row[1]),
    )


def _crisis_rows(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Every category in CRISIS_CATEGORIES order (zeros too), then (other) if seen."""
    rows = [(category, counts[category]) for category in CRISIS_CATEGORIES]
    if counts[OTHER_LABEL]:
        rows.append((OTHER_LABEL, counts[OTHER_LABEL]))
    return tuple(rows)


def _sent_checkin_line(conversation: Conversation, index: int) -> bool:
    """Did the footnotes action at `index` send a check-in line before the next listen? (It
    can also send a button for a second question, which is no help line.)"""
    for event in conversation[index + 1 :]:
        if event.type_name == "bot" and event.text in CHECKIN_LINES:
            return True
        if event.type_name == "user" or event.is_action(LISTEN_ACTION):
            return False
    return False


def _is_crisis_reply(action: str | None) -> TypeGuard[str]:
    if not action:
        return False
    return action.startswith(CRISIS_PREFIX) and action not in NOT_CRISIS_REPLIES


def _group(messages: Sequence[Message], intent: str = "") -> MessageGroup:
    shown = Counter(m.text for m in messages if m.quotable and m.text)
    return MessageGroup(
        count=len(messages),
        conversations=len({m.conversation for m in messages}),
        examples=tuple(text for text, _ in sorted(shown.items(), key=lambda i: (-i[1], i[0])))[
            :EXAMPLES_PER_GROUP
        ],
        withheld=sum(not m.quotable for m in messages),
        intent=intent,
    )


def _by_size(groups: Iterable[MessageGroup]) -> tuple[MessageGroup, ...]:
    return tuple(sorted(groups, key=lambda g: (-g.count, -g.conversations, g.intent, g.examples)))


def _feedback_row(topic: str, counts: _Feedback) -> FeedbackRow:
    shown = Counter(r.text for r in counts.reasons if r.quotable and r.text)
    reasons = [text for text, _ in sorted(shown.items(), key=lambda i: (-i[1], i[0]))]
    return FeedbackRow(
        topic=topic,
        helpful=counts.helpful,
        unhelpful=counts.unhelpful,
        reasons=tuple(reasons[:MAX_REASONS]),
        more_reasons=max(0, len(reasons) - MAX_REASONS),
        withheld_reasons=sum(not r.quotable for r in counts.reasons),
    )
