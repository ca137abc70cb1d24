"""Personal data is masked before a message is stored or logged (bot/privacy/masking.py)."""

from __future__ import annotations

import random

import pytest

from bot.privacy.masking import PLACEHOLDERS, contains_personal_data, mask

PHONE = "[telefoonnummer]"
EMAIL = "[e-mail]"
BSN = "[bsn]"
IBAN = "[iban]"
POSTCODE = "[postcode]"
ADDRESS = "[adres]"
NAME = "[naam]"


def test_placeholders_are_dutch_and_bracketed() -> None:
    assert set(PLACEHOLDERS.values()) == {PHONE, EMAIL, BSN, IBAN, POSTCODE, ADDRESS, NAME}
    for placeholder in PLACEHOLDERS.values():
        assert placeholder.startswith("[") and placeholder.endswith("]")
        assert mask(placeholder) == placeholder


# --- phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "06 1234 5678",
        "06-1234 5678",
        "06.12.34.56.78",
        "+31 6 1234 5678",
        "+31612345678",
        "+31 (0)6 12345678",
        "+31-6-12345678",
        "0031 6 12345678",
        "0031612345678",
        "010-1234567",
        "0493-327506",
        "0493 327506",
        "(020) 123 45 67",
        "(020) 1234567",
        "020-1234567",
        "+31 20 123 4567",
    ],
)
def test_phone_numbers_are_masked(number: str) -> None:
    assert mask(f"Bel me op {number} als het kan.") == f"Bel me op {PHONE} als het kan."


def test_phone_number_at_start_and_end_of_message() -> None:
    assert mask("0612345678") == PHONE
    assert mask("mijn nummer: 06-12345678") == f"mijn nummer: {PHONE}"
    assert mask("06-12345678, bel maar") == f"{PHONE}, bel maar"


def test_phone_number_glued_to_a_word_is_still_masked() -> None:
    assert mask("tel0612345678") == f"tel{PHONE}"


@pytest.mark.parametrize(
    "text",
    [
        "Bel 112 bij direct gevaar.",
        "Ik heb 113 gebeld.",
        "Ik heb 0800-0113 gebeld.",
        "0800 0113",
        "08000113",
        "Bel de Kindertelefoon: 0800-0432.",
        "Veilig Thuis is 0800-2000, toch?",
        "bel 113 of 0800-0113, of 112 als het spoed is",
        "0800-2000/0800-0113",
    ],
)
def test_help_lines_are_kept(text: str) -> None:
    assert mask(text) == text
    assert not contains_personal_data(text)


# --- numbers that are not personal data ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mijn dochter is 18 maanden.",
        "Hij is 3 jaar.",
        "Ze is 3,5 jaar oud.",
        "Mijn zoon is 14 en zit in groep 8.",
        "Ze is geboren in 2021.",
        "Sinds 2019 woon ik alleen met de kinderen.",
        "Op 12-05-2021 is hij geboren.",
        "Op 06-12-2021 10:00 uur begon het.",
        "Ze werd geboren op 01-02-2020 om 06:30.",
        "We eten om 18.30 uur.",
        "Hij slaapt van 19:00 tot 06:30.",
        "Ik verdien € 1200 per maand.",
        "Het kost €1200,- per jaar.",
        "Dat kost 1.250 euro.",
        "Hij weegt 3500 gram.",
        "Ze drinkt 1200 ml per dag.",
        "We reden 1500 km.",
        "In 2021 en 2022 ging het slecht.",
        "Ik heb 2 kinderen van 4 en 6 jaar.",
        "Ze huilt 3 keer per nacht, 20 minuten lang.",
        "Ik ben 14.",
        "Ik ben 34 jaar.",
        "Hij ging 3 keer over de snelweg.",
        "We zijn 2 uur in het park geweest.",
        "Op het schoolplein 2 kinderen die pesten.",
        "50% van de tijd huilt ze.",
        "Tussen 2018 en 2020.",
    ],
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert mask(text) == text
    assert not contains_personal_data(text)


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "jan@example.nl",
        "jan.jansen@example.nl",
        "j.de-vries+hechtbot@mail.example.com",
        "Fatima_1985@hotmail.com",
    ],
)
def test_email_addresses_are_masked(address: str) -> None:
    assert mask(f"Mail naar {address} graag.") == f"Mail naar {EMAIL} graag."


def test_email_with_digits_is_one_placeholder() -> None:
    assert mask("0612345678@example.nl") == EMAIL


# --- BSN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["123456782", "1234.56.782", "1234 56 782", "123.456.782", "123 456 782"])
def test_bsn_numbers_are_masked(number: str) -> None:
    assert mask(f"Zijn BSN is {number}.") == f"Zijn BSN is {BSN}."


def test_longer_digit_runs_are_not_a_bsn() -> None:
    assert mask("ordernummer 1234567890123") == "ordernummer 1234567890123"


# --- IBAN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "BE68 5390 0754 7034",
        "DE89370400440532013000",
    ],
)
def test_ibans_are_masked(iban: str) -> None:
    assert mask(f"Mijn rekening is {iban}, dank je.") == f"Mijn rekening is {IBAN}, dank je."


# --- postcodes ------------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["1234 AB", "1234AB", "1234ab", "9999 ZZ"])
def test_postcodes_are_masked(postcode: str) -> None:
    assert mask(f"Wij wonen in {postcode} Utrecht.") == f"Wij wonen in {POSTCODE} Utrecht."


@pytest.mark.parametrize(
    "text",
    [
        "In 2021 en daarna",
        "Sinds 2020 is het beter",
        "1200 kg",
        "1234 SS",  # SA, SD and SS are never issued
    ],
)
def test_numbers_followed_by_words_are_not_postcodes(text: str) -> None:
    assert mask(text) == text


# --- street addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "street",
    [
        "Kerkstraat 12",
        "Kerkstraat 12a",
        "Kerkstraat 12A",
        "Kerkstraat 12-II",
        "Kerkstraat 12 bis",
        "Kerkstraat nr. 12",
        "kerkstraat 12",
        "Lange Nieuwstraat 7",
        "Van Goghlaan 3",
        "Jan van Galenstraat 115",
        "St. Jansstraat 4",
        "Oude Gracht 200",
        "Stationsweg 1",
        "Marktplein 5",
        "Keizersgracht 123",
        "Prins Hendrikkade 10",
        "Stadhouderssingel 8",
        "Zeedijk 2",
        "Prinsenhof 3",
        "Bakkerssteeg 6",
        "Vondeldreef 44",
        "Beatrixpark 9",
        "Kerkpad 1",
        "Zonneerf 17",
        "Sportbaan 2",
        "Vismarkt 11",
        "Oudezijds Voorburgwal 14",
    ],
)
def test_street_addresses_are_masked(street: str) -> None:
    assert mask(f"Ik woon op de {street} in Utrecht.") == f"Ik woon op de {ADDRESS} in Utrecht."


def test_address_with_postcode() -> None:
    assert mask("Kerkstraat 12, 1234 AB Utrecht") == f"{ADDRESS}, {POSTCODE} Utrecht"


def test_sentence_start_is_not_part_of_the_street() -> None:
    assert mask("Op de Kerkstraat 12 woont zij.") == f"Op de {ADDRESS} woont zij."


@pytest.mark.parametrize(
    "text",
    [
        "Ik woon in de Kerkstraat.",
        "We gaan 2 keer per week naar het park.",
        "Hij is weg 3 dagen.",
        "Ze rent de loopbaan 2 keer rond.",
    ],
)
def test_street_words_without_house_number_are_kept(text: str) -> None:
    assert mask(text) == text


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik ben Fatima", f"ik ben {NAME}"),
        ("Ik ben Fatima en ik heb een dochter.", f"Ik ben {NAME} en ik heb een dochter."),
        ("Ik heet Jan.", f"Ik heet {NAME}."),
        ("mijn naam is Fatima de Vries", f"mijn naam is {NAME}"),
        ("Mijn naam is Jan van den Berg, moeder van twee.", f"Mijn naam is {NAME}, moeder van twee."),
        ("ik heet Anne-Marie", f"ik heet {NAME}"),
        ("ik heet Özlem Yılmaz", f"ik heet {NAME}"),
        ("ik ben de oma van Noor", f"ik ben de oma van {NAME}"),
        ("Ik ben de moeder van Sam.", f"Ik ben de moeder van {NAME}."),
        ("Het gaat om de juf van Daan.", f"Het gaat om de juf van {NAME}."),
        ("Ik ben Oma van Noor", f"Ik ben Oma van {NAME}"),
        ("Mijn dochter heet Noor.", f"Mijn dochter heet {NAME}."),
        ("mijn zoon Sam slaapt slecht", f"mijn zoon {NAME} slaapt slecht"),
        ("ik ben Jan Ik woon in Utrecht", f"ik ben {NAME} Ik woon in Utrecht"),
        ("ik heet Jan en ik ben Fatima", f"ik heet {NAME} en ik ben {NAME}"),
    ],
)
def test_names_after_a_cue_are_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ik ben moeder",
        "Ik ben moeder van twee kinderen.",
        "ik ben bang",
        "Ik ben Bang",
        "ik ben 14",
        "Ik ben Moeder",
        "ik ben de oma",
        "Ik ben Nederlands",
        "Ik ben erg moe.",
        "Hoe heet dat?",
        "ik heet niet zo",
        "mijn naam is niet belangrijk",
        "de moeder van mijn vriendin",
        "Fatima heeft een dochter.",
        "Noor huilt veel.",
    ],
)
def test_ordinary_words_after_a_cue_are_kept(text: str) -> None:
    assert mask(text) == text
    assert not contains_personal_data(text)


def test_capitalised_names_with_ij_are_masked() -> None:
    assert mask("ik heet IJsbrand") == f"ik heet {NAME}"


@pytest.mark.parametrize(
    "text",
    [
        "IS MIJN DOCHTER VEILIG GEHECHT",
        "MIJN BABY GEEFT SIGNALEN MAAR IK WEET NIET HOE",
        "IK BEN BANG",
        "ik ben JAN",
    ],
)
def test_words_in_capitals_are_not_names(text: str) -> None:
    assert mask(text) == text


def test_surname_joiner_without_surname_is_kept() -> None:
    assert mask("ik ben Jan van de opvang") == f"ik ben {NAME} van de opvang"


# --- several kinds, idempotence, contains_personal_data -------------------------------------

MIXED = (
    "Hoi, ik ben Fatima de Vries, de moeder van Noor (18 maanden). "
    "Je kunt me bellen op 06-12345678 of mailen naar fatima.devries@example.nl. "
    "Ik woon op de Lange Nieuwstraat 12-II, 1234 AB Utrecht. "
    "Mijn BSN is 1234.56.782 en mijn rekening NL91 ABNA 0417 1643 00. "
    "Ik heb 113 al gebeld en ook 0800-0113, in 2021 en 2022."
)
MIXED_MASKED = (
    f"Hoi, ik ben {NAME}, de moeder van {NAME} (18 maanden). "
    f"Je kunt me bellen op {PHONE} of mailen naar {EMAIL}. "
    f"Ik woon op de {ADDRESS}, {POSTCODE} Utrecht. "
    f"Mijn BSN is {BSN} en mijn rekening {IBAN}. "
    "Ik heb 113 al gebeld en ook 0800-0113, in 2021 en 2022."
)


def test_message_with_several_kinds() -> None:
    assert mask(MIXED) == MIXED_MASKED
    assert contains_personal_data(MIXED)
    assert not contains_personal_data(MIXED_MASKED)


EXAMPLES = [
    MIXED,
    "",
    "   ",
    "Mijn dochter van 3 jaar wil niet slapen.",
    "bel 06-12345678 of 06 12 34 56 78 of +31 6 1234 5678 of 0031 6 12345678",
    "010-1234567, 0493-327506, (020) 123 45 67",
    "Kerkstraat 12, 1234 AB Utrecht, tel 0612345678",
    "ik ben Jan van den Berg [naam] [adres]",
    "Zeedijk 2 ik heet Jan 0612345678 jan@x.nl NL91ABNA0417164300 123456782",
    "tel0612345678 1234ab Kerkstraat 12a-b",
    "06-12-2021 10:00 0612345678",
    "ik heet Piet, mijn dochter heet Noor en de juf van Daan heet Els",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_mask_is_idempotent(text: str) -> None:
    once = mask(text)
    assert mask(once) == once


def test_mask_is_idempotent_on_joined_examples() -> None:
    for left in EXAMPLES:
        for right in EXAMPLES:
            for glue in ("", " ", "\n", ", "):
                once = mask(left + glue + right)
                assert mask(once) == once


FUZZ_TOKENS = [
    "ik",
    "ben",
    "heet",
    "Jan",
    "van",
    "de",
    "Berg",
    "Kerkstraat",
    "12",
    "a",
    "-",
    "II",
    "06",
    "12345678",
    "0612345678",
    "+31",
    "@",
    "x",
    ".nl",
    ",",
    ".",
    "(",
    ")",
    "1234",
    "AB",
    "ab",
    "NL91",
    "ABNA",
    "0417164300",
    "123456782",
    "[naam]",
    "mijn",
    "dochter",
    "Noor",
    "oma",
    "Oude",
    "Gracht",
    "0800",
    "0113",
    "2021",
    "-05-",
    "10",
    "jaar",
    "Van",
    "Goghlaan",
    "nr.",
]


def test_mask_is_idempotent_on_random_token_soup() -> None:
    rng = random.Random(20240611)
    for _ in range(3000):
        text = "".join(
            rng.choice(FUZZ_TOKENS) + rng.choice(["", " ", " ", "-"]) for _ in range(rng.randint(1, 12))
        )
        once = mask(text)
        assert mask(once) == once, text


def test_empty_and_plain_messages() -> None:
    assert mask("") == ""
    assert mask("Hallo, hoe gaat het?") == "Hallo, hoe gaat het?"
    assert not contains_personal_data("")


# --- linear time: a 1 MB message finishes (no time is asserted) -----------------------------

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "unit",
    [
        MIXED + " ",
        "a",
        "0",
        "0 ",
        "A-",
        "Aa ",
        "x@",
        "a.",
        "Kerkstraat ",
        "Aa Bb Cc Dd Kerkstraat 1 jaar ",
        "ik ben Aa van de Bb van de ",
        "NL91 ",
    ],
)
def test_one_megabyte_message_finishes(unit: str) -> None:
    text = unit * (MEGABYTE // len(unit) + 1)
    masked = mask(text)
    assert isinstance(masked, str)
    assert len(masked) <= len(text) + MEGABYTE  # placeholders may be longer than what they replace
