"""The factor declarations (bot/content/factors.py): matching, the checks, the generated
regex entries, and the feature reaching the trained classifier."""

from __future__ import annotations

import re

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content import build
from bot.content.factors import check_factors, factor_patterns, topics_named, word_pattern
from bot.content.model import Content
from bot.language.tfidf_classifier import TfidfLinearSvmClassifier
from tests.content_variants import with_topic


@pytest.mark.parametrize(
    "word, text, matches",
    [
        ("scheiding", "na de scheidingen", True),  # runs on after the word
        ("scheiding", "de echtscheiding", False),  # but starts at a word's start
        ("*verslav", "een alcoholverslaving", True),  # unless the word may end a compound
        ("drinkt veel", "hij drinkt  veel bier", True),  # two words, any spacing
        ("drinkt veel", "hij drinkt niet veel", False),
        ("kolven", "Kolven op het werk", True),  # the generated entry is case-insensitive
        ("stress ~zwanger", "stress tijdens mijn zwangerschap", True),  # a few words apart
        ("stress ~zwanger", "stress, en pas jaren later werd ik weer zwanger", False),  # too far
        ("stress ~zwanger", "zwanger en veel stress", False),  # in the declared order only
    ],
)
def test_a_declared_word_matches_as_documented(word: str, text: str, matches: bool) -> None:
    assert bool(re.search("(?i)" + word_pattern(word), text)) is matches


def test_short_factor_questions_name_their_topic(content: Content) -> None:
    assert topics_named("geeft flesvoeding een minder goede band?", content) == {"protective_factors"}
    assert topics_named("mijn vriendin is verslaafd aan pillen", content) == {"parent_mental_health"}
    assert topics_named("ik ben heel onzeker als vader", content) == {"risk_factors_parent"}
    assert topics_named("wat is een veilige basis?", content) == set()


def test_the_shipped_declarations_pass_the_check(content: Content) -> None:
    assert check_factors(content) == []


def test_a_factor_the_text_does_not_explain_is_reported(content: Content) -> None:
    broken = with_topic(content, "continuity", factors={"borstvoeding": ["voeding"]})
    assert any("factor 'borstvoeding' is not named" in p for p in check_factors(broken))


@pytest.mark.parametrize("word", ["Borstvoeding", "drie woorden hier", "ab", "borst(voeding)", "a ~b ~c"])
def test_a_badly_shaped_word_is_reported(content: Content, word: str) -> None:
    broken = with_topic(content, "protective_factors", factors={"borstvoeding": [word]})
    assert any(f"factor word '{word}'" in p for p in check_factors(broken))


def test_a_short_example_about_another_topics_factor_is_reported(content: Content) -> None:
    causes = content.by_intent()["causes"]
    misplaced = "is kolven net zo goed voor de band"
    broken = with_topic(content, "causes", examples=[*causes.examples, misplaced])
    assert any(misplaced in p and "protective_factors" in p for p in check_factors(broken))


def test_a_long_story_may_name_a_factor_in_passing(content: Content) -> None:
    causes = content.by_intent()["causes"]
    story = (
        "ik heb drie maanden gekolfd en daarna kreeg ze de fles, nu is ze twee en ze wil bij "
        "niemand anders zijn dan bij mij, hoe komt zoiets eigenlijk"
    )
    with_story = with_topic(content, "causes", examples=[*causes.examples, story])
    assert not any(story in p for p in check_factors(with_story))


def test_an_overview_may_name_the_factors_it_lists(content: Content) -> None:
    overview = content.by_intent()["risk_factors_parent"]
    assert "parent_mental_health" in overview.may_name_factors_of
    example = "welke risico's bij de ouder naast een verslaving"
    allowed = with_topic(content, "risk_factors_parent", examples=[*overview.examples, example])
    assert not any(example in p for p in check_factors(allowed))
    refused = with_topic(
        content, "risk_factors_parent", examples=[*overview.examples, example], may_name_factors_of=[]
    )
    assert any(example in p for p in check_factors(refused))


def test_generated_regex_entries_are_read_by_rasa_as_one_feature_per_topic(content: Content) -> None:
    data = RasaYAMLReader().reads(build.factor_regexes(content))
    read = {entry["name"]: entry["pattern"] for entry in data.regex_features}
    assert read == factor_patterns(content)
    assert set(read) >= {"factor_protective_factors", "factor_risk_factors_parent"}


def _train_classifier(tmp_path, regexes: list[dict[str, str]], weight: float = 1.0):
    """Rasa's tokenizer, word counts and RegexFeaturizer with our classifier, on two tiny intents."""
    tmp_path.mkdir()
    storage = LocalModelStorage(tmp_path)

    def context(node: str) -> ExecutionContext:
        return ExecutionContext(GraphSchema({}), "factors", node_name=node)

    examples = {
        "feeding": [
            "helpt borstvoeding bij de band",
            "is borstvoeding goed voor de hechting",
            "borstvoeding en hechting",
            "geeft borstvoeding een betere band",
        ],
        "causes": [
            "hoe ontstaat een onveilige band",
            "waardoor gaat de hechting mis",
            "wat is de oorzaak van onveilige hechting",
            "hoe komt een kind onveilig gehecht",
        ],
    }
    data = TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in examples.items() for text in texts],
        regex_features=regexes,
    )
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    words = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("words"), context("words")
    )
    regex = RegexFeaturizer.create(
        {**RegexFeaturizer.get_default_config(), "case_sensitive": False, "alias": "factors"},
        storage,
        Resource("regex"),
        context("regex"),
    )
    classifier = TfidfLinearSvmClassifier.create(
        {
            **TfidfLinearSvmClassifier.get_default_config(),
            "temperature_folds": 2,
            "block_weights": {"factors": weight},
        },
        storage,
        Resource("classifier"),
        context("classifier"),
    )
    tokenizer.process_training_data(data)
    words.train(data)
    words.process_training_data(data)
    regex.train(data)
    regex.process_training_data(data)
    classifier.train(data)

    def ranking(text: str) -> dict[str, float]:
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        words.process([message])
        regex.process([message])
        classifier.process([message])
        return {r["name"]: r["confidence"] for r in message.get("intent_ranking")}

    return ranking


def test_the_factor_feature_carries_an_unseen_word_to_its_topic(tmp_path) -> None:
    """ "kolven" is in no example: with the regex entry it is read as a feeding question,
    without it the classifier leans elsewhere, so the feature carries the word."""
    entry = {"pattern": "(?i)" + word_pattern("borstvoeding") + "|" + word_pattern("kolven")}
    with_factor = _train_classifier(tmp_path / "a", [{"name": "factor_feeding", **entry}])
    without = _train_classifier(tmp_path / "b", [])
    question = "maakt kolven verschil"
    assert with_factor(question)["feeding"] > 0.6
    assert with_factor(question)["feeding"] > without(question)["feeding"] + 0.1


def test_a_block_weight_scales_the_factor_feature(tmp_path) -> None:
    """config.yml weighs the factor block by its alias: at 0 it is as if it were absent."""
    entry = {
        "name": "factor_feeding",
        "pattern": "(?i)" + word_pattern("borstvoeding") + "|" + word_pattern("kolven"),
    }
    question = "maakt kolven verschil"
    feeding = {
        weight: _train_classifier(tmp_path / str(weight), [entry], weight)(question)["feeding"]
        for weight in (0.0, 0.5, 1.0)
    }
    without = _train_classifier(tmp_path / "none", [])(question)["feeding"]
    assert feeding[0.0] == pytest.approx(without, abs=0.02)
    assert without + 0.1 < feeding[0.5] <= feeding[1.0]


@pytest.mark.needs_model
def test_the_trained_classifier_uses_the_factor_feature(parse) -> None:
    """In the shipped model a short question naming a declared factor ranks its topic first."""
    for text in ("maakt moedermelk verschil voor de hechting?", "zit ik met opvoedingsspanning fout?"):
        result = parse(text)
        assert result["intent_ranking"][0]["name"] in ("protective_factors", "risk_factors_parent"), result[
            "intent_ranking"
        ][:3]
