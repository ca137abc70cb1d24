"""Every row of the safety net's precedence table (bot/safety/decision.py)."""

from __future__ import annotations

import dataclasses

import pytest

from bot.content.model import load_content
from bot.safety.decision import CHECKIN, CRISIS, NO_ACTION, Evidence, Thresholds, decide
from bot.safety.detector import Detection
from bot.safety.risk_model import NONE, RiskScore

LIMITS = Thresholds(crisis=0.5, checkin=0.25, child_crisis=0.35)


def risk(value: float, category: str = "abuse", odds: dict[str, float] | None = None) -> RiskScore:
    return RiskScore(value, category if value else NONE, "", odds or {})


def evidence(**changes) -> Evidence:
    base = Evidence(
        pattern=None,
        risk=risk(0.0),
        acute_cue=False,
        child_writer=False,
        mentioned=False,
        classifier_says_safety=False,
        intent="signals",
    )
    return dataclasses.replace(base, **changes)


PATTERN = Detection("abuse", "rule", "hij slaat ons")


def test_row_1_a_pattern_wins_even_when_the_model_sees_nothing() -> None:
    decision = decide(evidence(pattern=PATTERN, risk=risk(0.01)), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CRISIS, "abuse", 1)


def test_row_2_the_model_alone_reaches_the_crisis_threshold() -> None:
    decision = decide(evidence(risk=risk(0.8, "harm_urge")), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CRISIS, "harm_urge", 2)


def test_row_2_a_long_message_is_held_to_the_long_bar() -> None:
    limits = dataclasses.replace(LIMITS, long_crisis=0.7)
    short = decide(evidence(risk=risk(0.6, "suicide_adult")), limits)
    assert (short.level, short.row) == (CRISIS, 2)
    long = decide(evidence(risk=risk(0.6, "suicide_adult"), long_message=True), limits)
    assert (long.level, long.category, long.row) == (CHECKIN, "suicide_adult", 6)
    above = decide(evidence(risk=risk(0.75, "suicide_adult"), long_message=True), limits)
    assert (above.level, above.row) == (CRISIS, 2)
    # a child's long message too: the long bar, not the child's lower one
    child = decide(evidence(risk=risk(0.6, "abuse"), child_writer=True, long_message=True), limits)
    assert (child.level, child.category, child.row) == (CHECKIN, "child_self", 6)
    # a pattern is never overruled, however long the message
    assert decide(evidence(pattern=PATTERN, long_message=True), limits).row == 1
    # without a long bar, long messages are read like short ones
    assert decide(evidence(risk=risk(0.6), long_message=True), LIMITS).level == CRISIS


def test_row_3_a_child_with_a_moderate_risk_gets_the_childrens_reply_at_once() -> None:
    decision = decide(evidence(risk=risk(0.4, "abuse"), child_writer=True), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CRISIS, "child_self", 3)
    # also when the classifier would start the walk-through: the risk comes first
    asking = decide(
        evidence(risk=risk(0.4, "abuse"), child_writer=True, intent="worried_about_child"), LIMITS
    )
    assert (asking.level, asking.row) == (CRISIS, 3)


def test_row_5_a_child_never_gets_the_parent_questionnaire() -> None:
    decision = decide(evidence(child_writer=True, intent="worried_about_child"), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CHECKIN, "child_self", 5)
    assert decision.no_questionnaire
    assert not decide(evidence(intent="worried_about_child"), LIMITS).no_questionnaire  # a parent
    assert decide(evidence(child_writer=True, intent="signals"), LIMITS).level == NO_ACTION


def test_below_row_3_a_child_gets_a_check_in_line_for_children() -> None:
    decision = decide(evidence(risk=risk(0.3, "abuse"), child_writer=True), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CHECKIN, "child_self", 6)


def test_row_4_a_likely_emergency_with_a_sign_of_it_now_is_never_only_a_footnote() -> None:
    decision = decide(evidence(risk=risk(0.3, "acute"), acute_cue=True, emergency_now=True), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CRISIS, "acute", 4)
    assert decide(evidence(risk=risk(0.3, "acute")), LIMITS).level == CHECKIN  # no cue: a footnote
    # a child asking for the walk-through with such a cue gets the emergency reply too
    child = decide(
        evidence(
            risk=risk(0.3, "acute"),
            acute_cue=True,
            emergency_now=True,
            child_writer=True,
            intent="worried_about_child",
        ),
        LIMITS,
    )
    assert (child.level, child.category, child.row) == (CRISIS, "acute", 4)


def test_row_4_a_weapon_alone_is_a_subject_not_an_emergency() -> None:
    # a child's nightmare about a man with a knife: the acute cue without a sign of an emergency now
    decision = decide(evidence(risk=risk(0.3, "acute"), acute_cue=True), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CHECKIN, "acute", 6)


def test_row_6_uncertain_risk_gets_a_check_in() -> None:
    decision = decide(evidence(risk=risk(0.3, "suicide_adult")), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CHECKIN, "suicide_adult", 6)


@pytest.mark.parametrize("changes", [{"mentioned": True}, {"classifier_says_safety": True}])
def test_row_7_a_mention_or_the_topic_classifiers_guess_gets_a_check_in(changes) -> None:
    decision = decide(evidence(**changes), LIMITS)
    assert (decision.level, decision.category, decision.row) == (CHECKIN, "abuse", 7)


def test_row_8_nothing_found() -> None:
    assert decide(evidence(risk=risk(0.1)), LIMITS).level == NO_ACTION


def test_an_acute_cue_makes_abuse_acute_and_never_lowers_a_pattern() -> None:
    assert decide(evidence(pattern=PATTERN, acute_cue=True), LIMITS).category == "acute"
    assert decide(evidence(risk=risk(0.9, "child_self"), acute_cue=True), LIMITS).category == "acute"


def test_a_child_writer_gets_the_child_replies() -> None:
    assert decide(evidence(pattern=PATTERN, child_writer=True), LIMITS).category == "child_self"
    hurting = risk(0.9, "harm_urge")  # a child who writes about hurting means self-harm
    assert decide(evidence(risk=hurting, child_writer=True), LIMITS).category == "suicide_teen"
    suicide = Detection("suicide", "rule", "ik wil dood")
    assert decide(evidence(pattern=suicide, child_writer=True), LIMITS).category == "suicide_teen"


def test_the_abuse_reply_also_names_the_childrens_line() -> None:
    # Nothing tells the net a child wrote "papa slaat me" unless an age is stated, so the
    # abuse reply must serve a child too: De Kindertelefoon beside Veilig Thuis.
    content = load_content()
    reply = content.safety.replies["abuse"]
    for line in ("veilig_thuis", "kindertelefoon"):
        assert content.helplines[line].number.split(" of ")[-1] in reply


def test_a_suicide_pattern_takes_the_writers_age_from_the_model() -> None:
    suicide = Detection("suicide", "rule", "ik wil dood")
    teen = risk(0.9, "suicide_teen", {"suicide_teen": 0.6, "suicide_adult": 0.2})
    adult = risk(0.9, "suicide_adult", {"suicide_teen": 0.1, "suicide_adult": 0.7})
    assert decide(evidence(pattern=suicide, risk=teen), LIMITS).category == "suicide_teen"
    assert decide(evidence(pattern=suicide, risk=adult), LIMITS).category == "suicide_adult"


def test_a_child_writing_about_hurting_a_baby_in_their_care_keeps_that_category() -> None:
    """A teenage mother or a babysitter afraid of hurting the baby: the harm is to the baby, so
    harm_urge (and harm_happened) stay; without a young child named it reads as self-harm."""
    teen_parent = evidence(risk=risk(0.9, "harm_urge"), child_writer=True, names_young_child=True)
    assert decide(teen_parent, LIMITS).category == "harm_urge"
    fell = evidence(risk=risk(0.9, "harm_happened"), child_writer=True, names_young_child=True)
    assert decide(fell, LIMITS).category == "harm_happened"
    alone = evidence(risk=risk(0.9, "harm_urge"), child_writer=True)
    assert decide(alone, LIMITS).category == "suicide_teen"
    # abuse told by a child stays the children's reply, whoever else is named
    sibling = evidence(risk=risk(0.9, "abuse"), child_writer=True, names_young_child=True)
    assert decide(sibling, LIMITS).category == "child_self"


SECOND = dataclasses.replace(LIMITS, second_line_ratio=0.5)


def test_a_second_kind_of_danger_nearly_as_likely_adds_its_line_to_a_crisis_reply() -> None:
    odds = {NONE: 0.1, "suicide_adult": 0.5, "harm_urge": 0.3, "abuse": 0.1}
    decision = decide(evidence(risk=risk(0.9, "suicide_adult", odds)), SECOND)
    assert (decision.level, decision.category, decision.also) == (CRISIS, "suicide_adult", "harm_urge")
    # below half the first category's probability: one line only
    odds = {NONE: 0.1, "suicide_adult": 0.7, "harm_urge": 0.2}
    assert decide(evidence(risk=risk(0.9, "suicide_adult", odds)), SECOND).also is None
    # switched off (None): one line only
    odds = {NONE: 0.1, "suicide_adult": 0.5, "harm_urge": 0.4}
    assert decide(evidence(risk=risk(0.9, "suicide_adult", odds)), LIMITS).also is None


def test_the_second_line_is_refined_like_the_first_and_never_repeats_it() -> None:
    # a child writer: abuse and child_self are the same reply, so the next one counts
    odds = {NONE: 0.1, "abuse": 0.4, "child_self": 0.35, "suicide_teen": 0.25}
    child = decide(evidence(risk=risk(0.9, "abuse", odds), child_writer=True), SECOND)
    assert (child.category, child.also) == ("child_self", "suicide_teen")
    # a pattern's category differs from the model's first: the model's first is the second line
    odds = {NONE: 0.3, "acute": 0.6, "abuse": 0.1}
    by_pattern = decide(evidence(pattern=PATTERN, risk=risk(0.7, "acute", odds)), SECOND)
    assert (by_pattern.category, by_pattern.also) == ("abuse", "acute")


def test_a_check_in_never_gets_a_second_line() -> None:
    odds = {NONE: 0.7, "abuse": 0.16, "acute": 0.14}
    decision = decide(evidence(risk=risk(0.3, "abuse", odds)), SECOND)
    assert (decision.level, decision.also) == (CHECKIN, None)


def test_suicide_named_in_a_crisis_read_as_another_danger_puts_113_first() -> None:
    # a weapon read as acute, "mezelf iets aandoen" read as a parent's urge: 113 first,
    # the other danger's line second
    for category in ("acute", "harm_urge", "abuse"):
        decision = decide(evidence(risk=risk(0.9, category), suicide_cue=True), SECOND)
        assert (decision.level, decision.category, decision.also) == (CRISIS, "suicide_adult", category)
    # a child writer: the teenagers' line, and the child's own line second
    child = decide(evidence(risk=risk(0.9, "abuse"), suicide_cue=True, child_writer=True), SECOND)
    assert (child.category, child.also) == ("suicide_teen", "child_self")
    # a baby who may already be hurt keeps its reply first, with 113 under it
    baby = decide(evidence(risk=risk(0.9, "harm_happened"), suicide_cue=True), SECOND)
    assert (baby.category, baby.also) == ("harm_happened", "suicide_adult")
    # already a suicide reply: unchanged
    odds = {NONE: 0.1, "suicide_adult": 0.8, "abuse": 0.1}
    same = decide(evidence(risk=risk(0.9, "suicide_adult", odds), suicide_cue=True), SECOND)
    assert (same.category, same.also) == ("suicide_adult", None)


def test_a_suicide_cue_alone_never_makes_a_crisis() -> None:
    # "hoe praat ik met mijn kind over zelfmoord in de familie?" is a question, not a disclosure
    quiet = decide(evidence(risk=risk(0.05), suicide_cue=True), SECOND)
    assert (quiet.level, quiet.also) == (NO_ACTION, None)
    doubt = decide(evidence(risk=risk(0.3, "abuse"), suicide_cue=True), SECOND)
    assert (doubt.level, doubt.category, doubt.also) == (CHECKIN, "abuse", None)
