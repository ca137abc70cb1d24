"""The worried-parent conversation's logic: reading answers and choosing advice."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.guided import advice
from bot.guided.answers import age_band, describe_age, is_done, is_skip, parse_age, parse_role
from bot.guided.reading import (
    AGE,
    HOME_SAFE,
    NOTED,
    OTHER_SIGNAL,
    OTHER_TEXT,
    ROLE,
    SIGNALS,
    UNKNOWN,
    Message,
    is_free_text,
    names_own_child,
    parse_home_safe,
    read,
    signal_numbers,
)


@pytest.mark.parametrize(
    "text, months",
    [
        ("3", 36),
        ("drie", 36),
        ("Drie jaar", 36),
        ("18 maanden", 18),
        ("anderhalf", 18),
        ("anderhalf jaar", 18),
        ("2,5 jaar", 30),
        ("peuter", 30),
        ("puber", 156),
        ("baby", 6),
        ("6 weken", 2),
        ("ongeveer 4", 48),
        ("ze is net 7 jaar", 84),
        ("11 mnd", 11),
        ("achttien", 216),
        ("tweeënhalf", 30),
    ],
)
def test_ages_people_type(text, months) -> None:
    assert parse_age(text).months == months


@pytest.mark.parametrize("text", ["", "geen idee hoor", "blabla", "???", "de oudste", "-3"])
def test_no_age_in_unclear_text(text) -> None:
    assert parse_age(text).months is None


def test_over_eighteen_is_refused_kindly() -> None:
    answer = parse_age("25")
    assert answer.months is None and answer.problem == "too_old"


@pytest.mark.parametrize(
    "text, months",
    [
        ("werkt dat ook als je kind 8 is?", 96),
        ("en wanneer onze dochter al 13 wordt?", 156),
        ("geldt dit voor een 10-jarige", 120),
        ("voor 15 jarigen ook?", 180),
        ("En bij een leerling in groep 8?", 138),
        ("geldt dat ook in groep 1", 54),
        ("en bij de bso?", 84),
    ],
)
def test_ages_in_a_follow_up_question(text, months) -> None:
    assert parse_age(text, strict=True).months == months


def test_a_count_is_no_age() -> None:
    assert parse_age("wij hebben 3 kinderen", strict=True).months is None
    assert parse_age("als je kind 3 dagen ziek is", strict=True).months is None


def test_strict_mode_needs_words_around_a_number() -> None:
    assert parse_age("1, 3 en 5", strict=True).months is None
    assert parse_age("nee, ze is 5", strict=True).months == 60
    assert parse_age("mijn zoon van 3 laat zich niet troosten", strict=True).months == 36


@pytest.mark.parametrize(
    "months, band",
    [
        (0, "baby"),
        (11, "baby"),
        (12, "toddler"),
        (47, "toddler"),
        (48, "school_child"),
        (143, "school_child"),
        (144, "teenager"),
        (None, None),
    ],
)
def test_age_bands(months, band) -> None:
    assert age_band(months) == band


def test_age_in_words() -> None:
    assert describe_age(18) == "18 maanden" and describe_age(36) == "3 jaar"
    assert describe_age(42) == "3½ jaar"


@pytest.mark.parametrize(
    "text, role",
    [
        ("ik ben pleegmoeder", "foster_adoptive"),
        ("Pleeg- of adoptieouder", "foster_adoptive"),
        ("mijn pleegzoon van 5", "foster_adoptive"),
        ("ik ben juf in groep 2", "professional"),
        ("Professional", "professional"),
        ("jeugdarts", "professional"),
        ("Ouder of verzorger", "parent"),
        ("ik ben zijn oma", "parent"),
        ("mijn dochter", "parent"),
        ("hallo", None),
        ("", None),
    ],
)
def test_roles(text, role) -> None:
    assert parse_role(text) == role


def test_skip_and_done_words() -> None:
    assert is_skip("Overslaan") and is_skip("weet ik niet") and not is_skip("ja")
    assert is_done("Dat was het") and is_done("nee") and not is_done("nee, ze is 5 jaar oud")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Nee, iedereen is veilig", "safe"),
        ("nee hoor", "safe"),
        ("Ja, iemand is niet veilig", "unsafe"),
        ("ja", "unsafe"),
        ("Weet ik niet", UNKNOWN),
        ("overslaan", UNKNOWN),
        ("banaan", None),
    ],
)
def test_home_safe_answers(text, value) -> None:
    assert parse_home_safe(text) == value


def msg(text: str, intent: str = "nlu_fallback", confidence: float = 0.3) -> Message:
    return Message(text, intent, confidence)


def test_first_message_fills_what_it_says(content: Content) -> None:
    reading = read(
        msg(
            "ik maak me zorgen over mijn zoon van 3, hij laat zich niet troosten", "worried_about_child", 0.9
        ),
        None,
        {},
        content.worry.signals,
    )
    assert reading.kind == "answer"
    assert reading.values[ROLE] == "parent" and reading.values[AGE] == 36
    assert reading.values[NOTED] == ["pushes_away"]


def test_an_answer_is_taken_even_if_it_looks_like_a_question(content: Content) -> None:
    reading = read(msg("ze zoekt steeds bevestiging", "signals", 0.95), SIGNALS, {}, content.worry.signals)
    assert reading.kind == "answer" and reading.values[NOTED] == ["seeks_reassurance"]


def test_signals_by_number_and_done(content: Content) -> None:
    signals = content.worry.signals
    reading = read(msg("1 en 3"), SIGNALS, {}, signals)
    assert reading.values[NOTED] == [signals[0].id, signals[2].id]
    done = read(msg("Dat was het"), SIGNALS, {NOTED: ["clingy"]}, signals)
    assert done.values == {SIGNALS: ["clingy"]}


def test_free_text_signal_is_kept_as_something_else(content: Content) -> None:
    reading = read(msg("hij eet slecht"), SIGNALS, {NOTED: ["clingy"]}, content.worry.signals)
    assert reading.values[NOTED] == ["clingy", OTHER_SIGNAL]
    assert reading.values[OTHER_TEXT] == "hij eet slecht"


def test_a_question_in_between_is_a_digression(content: Content) -> None:
    reading = read(msg("wat is mentaliseren eigenlijk", "mentalising", 0.93), AGE, {}, content.worry.signals)
    assert reading.kind == "digression" and reading.values == {}


def test_stop_and_disclosure_are_not_consumed(content: Content) -> None:
    signals = content.worry.signals
    assert read(msg("laat maar", "stop", 0.9), AGE, {}, signals).kind == "stop"
    disclosure = read(msg("4, maar mijn man slaat hem", "safety_disclosure", 1.0), AGE, {}, signals)
    assert disclosure.kind == "safety" and disclosure.values == {}


def test_a_short_yes_to_the_safety_question_is_an_answer(content: Content) -> None:
    reading = read(
        msg("Ja, iemand is niet veilig", "safety_disclosure", 0.7), HOME_SAFE, {}, content.worry.signals
    )
    assert reading.kind == "answer" and reading.values == {HOME_SAFE: "unsafe"}


def test_correction_of_an_earlier_answer(content: Content) -> None:
    reading = read(msg("nee, ze is 5"), SIGNALS, {AGE: 36, ROLE: "parent"}, content.worry.signals)
    assert reading.kind == "correction" and reading.values == {AGE: 60}


def test_unclear_age_asks_again(content: Content) -> None:
    signals = content.worry.signals
    assert read(msg("blabla"), AGE, {}, signals).kind == "unclear"
    too_old = read(msg("25"), AGE, {}, signals)
    assert too_old.kind == "unclear" and too_old.problem == "too_old"


def test_skip_fills_unknown(content: Content) -> None:
    signals = content.worry.signals
    assert read(msg("overslaan"), AGE, {}, signals).values == {AGE: UNKNOWN}
    assert read(msg("sla over"), SIGNALS, {}, signals).values == {SIGNALS: []}


# Answers are read only from the asked question's own vocabulary.
# Slots as they are when the signals question is asked.
AT_SIGNALS = {ROLE: "parent", AGE: 36}
AT_HOME_SAFE = {ROLE: "parent", AGE: 36, SIGNALS: ["clingy"], NOTED: ["clingy"]}


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("1", [1]),
        ("1 en 3", [1, 3]),
        ("2, 5", [2, 5]),
        ("3 4", [3, 4]),
        ("1, 3 en 5", [1, 3, 5]),
        ("9", [9]),
        ("1.", [1]),
        ("2 en 2", [2]),
        ("18,5 jaar", None),
        ("3 jaar", None),
        ("alert(1)", None),
        ("2,5", None),
        ("1.5", None),
        ("12", None),
        ("0", None),
        ("1 en 12", None),
        ("groep 8", None),
        ("hij is 3", None),
        ("", None),
    ],
)
def test_signal_numbers_only_when_the_whole_answer_is_a_list_in_range(text, numbers) -> None:
    assert signal_numbers(text, 9) == numbers


def test_signals_by_number_within_the_signals_offered(content: Content) -> None:
    signals = content.worry.checklist  # the list offered; a behaviour off the list has no number
    assert len(signals) == 9 and len(content.worry.signals) > len(signals)
    for text, expected in [("2, 5", [1, 4]), ("3 4", [2, 3]), ("9", [8])]:
        reading = read(msg(text), SIGNALS, AT_SIGNALS, signals)
        assert reading.kind == "answer"
        assert reading.values == {NOTED: [signals[i].id for i in expected]}


@pytest.mark.parametrize(
    "text",
    [
        "18,5 jaar",
        "3 jaar",
        "hij is 3 jaar",
        "alert(1)",
        "<script>",
        "<script>alert(1)</script>",
        "{{7*7}}",
        "12",
        "10",
        "0",
        "1 en 12",
        "2,5",
        "ja",
        "Ouder of verzorger",
        "Nee, iedereen is veilig",
    ],
)
def test_no_signal_and_no_free_text_from_numbers_ages_or_code(content: Content, text) -> None:
    reading = read(msg(text), SIGNALS, AT_SIGNALS, content.worry.signals)
    assert reading.kind == "unclear" and reading.values == {}


def test_a_number_inside_other_text_never_selects_a_signal(content: Content) -> None:
    signals = content.worry.signals
    reading = read(msg("hij zit op judo met 3 vriendjes"), SIGNALS, AT_SIGNALS, signals)
    assert reading.values == {NOTED: [OTHER_SIGNAL], OTHER_TEXT: "hij zit op judo met 3 vriendjes"}
    # A school year is an age (groep 3: about 6), never signal 3.
    reading = read(msg("hij zit in groep 3"), SIGNALS, AT_SIGNALS, signals)
    assert reading.values == {AGE: 78}
    reading = read(msg("ze huilt 2 keer per nacht en wil niet knuffelen"), SIGNALS, AT_SIGNALS, signals)
    assert reading.values[NOTED] == ["pushes_away"]


@pytest.mark.parametrize("requested", [None, ROLE, AGE, SIGNALS, HOME_SAFE])
@pytest.mark.parametrize("intent, confidence", [("worried_about_child", 1.0), ("nlu_fallback", 0.3)])
def test_the_start_button_payload_is_never_an_answer(content: Content, requested, intent, confidence) -> None:
    filled = {NOTED: ["clingy"]} if requested == SIGNALS else {}
    reading = read(msg("/worried_about_child", intent, confidence), requested, filled, content.worry.signals)
    # Nothing set: the form rejects and the start rule greets and goes on with the form.
    assert reading.kind == "start" and reading.values == {}


@pytest.mark.parametrize(
    "text, kind",
    [
        ("/stop", "stop"),
        ("/inform", "unclear"),
        ("/", "unclear"),
        ('/inform{"role": "moeder"}', "unclear"),
    ],
)
def test_no_payload_or_slash_message_is_read_as_an_answer(content: Content, text, kind) -> None:
    for requested in (ROLE, AGE, SIGNALS, HOME_SAFE):
        reading = read(msg(text, "inform", 0.9), requested, {}, content.worry.signals)
        assert reading.kind == kind and reading.values == {}


def test_typing_the_start_phrase_again_is_not_a_signal(content: Content) -> None:
    signals = content.worry.signals
    for text in ("Ik maak me zorgen", "ik maak me zorgen over mijn zoon van 3"):
        again = read(msg(text, "worried_about_child", 0.95), SIGNALS, AT_SIGNALS, signals)
        assert again.kind == "start" and again.values == {}
        unsure = read(msg(text), SIGNALS, AT_SIGNALS, signals)
        assert unsure.kind == "unclear" and unsure.values == {}
    # With something the child does in it, it is a description after all.
    story = read(
        msg("ik maak me zorgen want hij eet slecht", "worried_about_child", 0.9), SIGNALS, AT_SIGNALS, signals
    )
    other_text = story.values[OTHER_TEXT]
    assert (
        story.values[NOTED] == [OTHER_SIGNAL] and isinstance(other_text, str) and "eet slecht" in other_text
    )


@pytest.mark.parametrize(
    "text, free",
    [
        ("hij eet slecht", True),
        ("ze bijt andere kinderen", True),
        ("hij zit in groep 3", True),
        ("/worried_about_child", False),
        ("alert(1)", False),
        ("<b>hij bijt</b>", False),
        ("18,5 jaar", False),
        ("12", False),
        ("ja", False),
        ("Pleeg- of adoptieouder", False),
        ("Ja, iemand is niet veilig", False),
    ],
)
def test_what_can_be_kept_as_something_else(text, free) -> None:
    assert is_free_text(text) is free


@pytest.mark.parametrize(
    "requested, filled, text",
    [
        (ROLE, {}, "1 en 3"),
        (ROLE, {}, "ja"),
        (ROLE, {}, "alert(1)"),
        (AGE, {ROLE: "parent"}, "Ouder of verzorger"),
        (AGE, {ROLE: "parent"}, "1 en 3"),
        (AGE, {ROLE: "parent"}, "ja"),
        (AGE, {ROLE: "parent"}, "<script>"),
        (HOME_SAFE, AT_HOME_SAFE, "1 en 3"),
        (HOME_SAFE, AT_HOME_SAFE, "3 jaar"),
        (HOME_SAFE, AT_HOME_SAFE, "Eist veel aandacht op"),
        (HOME_SAFE, AT_HOME_SAFE, "alert(1)"),
    ],
)
def test_each_question_reads_only_its_own_answers(content: Content, requested, filled, text) -> None:
    reading = read(msg(text), requested, filled, content.worry.signals)
    assert reading.kind == "unclear" and reading.values == {}


def test_words_of_another_question_never_answer_this_one(content: Content) -> None:
    signals = content.worry.signals
    # Still taken as details for the other question, never as this question's answer.
    role_asked = read(msg("Eist veel aandacht op"), ROLE, {}, signals)
    assert ROLE not in role_asked.values and role_asked.values[NOTED] == ["clingy"]
    age_asked = read(msg("moeder"), AGE, {}, signals)
    assert AGE not in age_asked.values and age_asked.values == {ROLE: "parent"}


def test_choosing_a_noted_signal_again_is_not_something_else(content: Content) -> None:
    signals = content.worry.signals
    reading = read(msg("Eist veel aandacht op"), SIGNALS, {**AT_SIGNALS, NOTED: ["clingy"]}, signals)
    assert reading.kind == "answer" and reading.values == {NOTED: ["clingy"]}
    first = signals[0].id
    again = read(msg("1"), SIGNALS, {**AT_SIGNALS, NOTED: [first]}, signals)
    assert again.values == {NOTED: [first]}


def test_an_unclear_signals_answer_asks_the_question_again(content: Content) -> None:
    from actions.worry_form import ValidateWorryForm
    from tests.test_worry_actions import run, slot_events, tracker

    slots = {"requested_slot": SIGNALS, ROLE: "parent", AGE: 36, NOTED: ["clingy"]}
    for text in ("18,5 jaar", "alert(1)", "<script>", "12"):
        events, messages = run(ValidateWorryForm(), tracker(text, "nlu_fallback", 0.3, slots=slots))
        # Only the requested slot is emptied: the form asks the signals question again.
        assert slot_events(events) == {SIGNALS: None} and messages == []
    events, messages = run(
        ValidateWorryForm(), tracker("/worried_about_child", "worried_about_child", 1.0, slots=slots)
    )
    assert events == [] and messages == []  # nothing set: the start rule takes over


def _situation(**slots) -> advice.Situation:
    return advice.Situation.from_slots(slots)


def test_young_child_goes_to_the_consultatiebureau(content: Content) -> None:
    keys = advice.where_to_go_keys(_situation(child_age_months=30, asker_role="parent"))
    assert "age_0_4" in keys and "age_4_18" not in keys and keys[-1] == "treatment"


@pytest.mark.parametrize(
    "slots",
    [
        {},  # age unknown
        {"child_age_months": 30, "home_safe": "unsafe"},  # someone unsafe: safety first, nothing else
        {"child_age_months": 12 * 19},  # older than the provider's own range
    ],
)
def test_specialised_treatment_only_for_a_known_age_and_a_safe_home(slots, content: Content) -> None:
    situation = _situation(**slots)
    assert "treatment" not in advice.where_to_go_keys(situation)
    assert not any("NIKA" in line for line in advice.fitting_interventions(situation, content))


def test_help_finder_puts_first_line_routes_before_the_specialised_example(content: Content) -> None:
    lines = advice.fitting_interventions(_situation(child_age_months=30), content)
    nika = next(i for i, line in enumerate(lines) if "NIKA" in line)
    first_line = [i for i, line in enumerate(lines) if "Huisarts" in line or "Consultatiebureau" in line]
    assert first_line and max(first_line) < nika
    assert lines[nika - 1] == content.worry.questions.finder_specialised
    assert "Bijvoorbeeld" in lines[nika] and "verwijzing" in lines[nika]


def test_unsafe_home_lists_veilig_thuis_first(content: Content) -> None:
    lines = advice.fitting_interventions(_situation(child_age_months=96, home_safe="unsafe"), content)
    assert "Veilig Thuis" in lines[0]


def test_school_child_foster_family_with_lvb(content: Content) -> None:
    keys = advice.where_to_go_keys(
        _situation(child_age_months=96, asker_role="foster_adoptive", lvb_in_family=True, home_safe="unsafe")
    )
    assert keys[0] == "unsafe"
    assert {"age_4_18", "foster_adoptive", "lvb"} <= set(keys) and "age_0_4" not in keys


def test_advice_explains_each_chosen_signal(content: Content) -> None:
    situation = _situation(
        child_age_months=36, child_signals=["clingy", OTHER_SIGNAL], other_signal_text="hij bijt"
    )
    messages = advice.advice_messages(situation, content)
    text = "\n".join(messages)
    clingy = next(s for s in content.worry.signals if s.id == "clingy")
    assert clingy.explanation in text and "hij bijt" in text
    assert content.worry.age_bands["toddler"].help_now in text
    assert "diagnose" in messages[0]


def test_help_finder_lists_only_fitting_help(content: Content) -> None:
    baby = advice.fitting_interventions(_situation(child_age_months=8), content)
    teen = advice.fitting_interventions(_situation(child_age_months=180, home_safe="unsafe"), content)
    assert any("Consultatiebureau" in line for line in baby)
    assert not any("Jeugdarts" in line for line in baby)
    assert any("Jeugdarts" in line for line in teen) and any("Veilig Thuis" in line for line in teen)
    assert not any("Veilig Thuis" in line for line in baby)
    text = advice.help_finder_text(_situation(), content)
    assert text.startswith(content.worry.questions.finder_unknown) and "Bronnen:" in text


@pytest.mark.parametrize(
    "text, months",
    [
        ("ze is al 9, geldt dat dan ook?", 108),
        ("en als hij pas 2 is?", 24),
        ("ook nu ze naar de basisschool gaat?", 96),
        ("en in de puberteit?", 156),
        ("hij zit in de brugklas", 150),
        ("hij wordt binnenkort 9, geldt het dan ook?", 108),
    ],
)
def test_follow_up_ages_with_small_words_or_a_school_stage(text, months) -> None:
    assert parse_age(text, strict=True).months == months


@pytest.mark.parametrize(
    "text", ["ik ben al 3 dagen doodmoe", "ze is 2 keer gevallen", "wij zijn met 4 kinderen"]
)
def test_numbers_that_count_other_things_are_no_age(text) -> None:
    assert parse_age(text, strict=True).months is None


@pytest.mark.parametrize(
    "text",
    [
        "mijn zoon slaat",
        "Onze pleegdochter van 6 huilt",
        "mn kleine meid",
        "ons jongste kind",
        "m'n baby'tje",
        "mijn 14-jarige wil niks meer met ons",
        "onze puber komt laat thuis",
        "dochter van 3 bijt op de opvang",
        "Zoon (7) wil niet naar school",
        "hij is 12 en liegt veel",
        "ze is nu 2 en slaapt slecht",
        "als ik hem optil bevriest hij",  # he or she, with the writer in the scene
        "ze blijft de hele dag aan mijn been hangen",
        "mijn kleintje kruipt steeds weg",
        "hij huilde niet eens toen onze kat dood was, ik snap het niet",  # a pet named after him
    ],
)
def test_the_writers_own_child_is_named(text: str) -> None:
    assert names_own_child(text)


@pytest.mark.parametrize(
    "text",
    [
        "kinderen die spijbelen",
        "hoe hecht een baby",
        "mijn man werkt veel",
        "zijn zoon woont ver weg",
        "hij is 2 keer weggelopen",
        "ze is 45 en werkt fulltime",
        "wat doet een kind van 3 normaal",
        "waarom doen ze dat, kinderen van drie?",  # "ze" without the writer: they
        "ik vraag me af hoe je hechting meet",  # the writer without a child
        "onze pup jankt als ik weg ben en bijt dan alles kapot",  # he is a pet
    ],
)
def test_no_own_child_is_named(text: str) -> None:
    assert not names_own_child(text)
