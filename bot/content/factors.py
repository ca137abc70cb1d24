"""The factors the sources name, each declared by the topic whose answer explains it.

Parents ask about one factor in a few words ("helpt borstvoeding?", "mijn man drinkt te
veel"). The classifier learns words, and a factor's words were scattered over neighbouring
topics' examples. So each topic file declares, under `factors:`, the factors the sources
name that its answer or detail explains, with the everyday words people use for them:

    factors:
      borstvoeding: [borstvoeding, moedermelk, "*voeding geven"]

This module turns those words into one regular expression per topic. `make content` writes
them to `data/factors.yml` as Rasa `regex:` entries, so Rasa's RegexFeaturizer gives the
classifier one feature per topic: "this message names a factor this topic explains". The
feature reads the text as typed (no lemmas, no parse), so it is the same with every Dutch
pipeline. `check_factors` keeps the declarations honest: the factor is named in the topic's
own text, its words are short, and no short example names only another topic's factors
(unless its topic lists that topic under `may_name_factors_of`: an overview).

A word matches from the start of a word and may run on ("scheiding" matches
"scheidingen"); a leading `*` lets it end a compound ("*verslav" matches "alcoholverslaving");
"stress ~zwanger" matches the second word up to NEAR_WORDS words after the first ("stress
tijdens mijn zwangerschap"), for a factor that is two words apart in everyday speech.
"""

from __future__ import annotations

import re

from bot.content.model import Content, Intent
from bot.language.text import normalise

REGEX_PREFIX = "factor_"
MIN_CHARS = 3
# "stress ~zwanger": the second word at most this many words after the first.
NEAR_WORDS = 4
# The placement rule reads short examples only: a long story may name a factor in passing.
SHORT_EXAMPLE_WORDS = 15
# Two words at most: a factor's name, not a sentence (the leak check's literals start at five).
_WORD_SHAPE = re.compile(r"^\*?[a-zà-ÿ]+( [a-zà-ÿ]+| ~\*?[a-zà-ÿ]+)?$")


def word_pattern(word: str) -> str:
    """The regular expression for one declared word (see the module docstring)."""
    if " ~" in word:
        first, second = word.split(" ~", 1)
        return (
            word_pattern(first)
            + rf"(?:\W+\w+){{0,{NEAR_WORDS}}}?\W+"
            + word_pattern(second)[len(r"(?<!\w)") :]
        )
    compound_end = word.startswith("*")
    body = r"\s+".join(re.escape(part) for part in word.lstrip("*").split())
    start = r"\w*" if compound_end else ""
    return rf"(?<!\w){start}{body}\w*"


def words_pattern(words: list[str] | set[str]) -> str:
    """One case-insensitive expression that matches any of the declared words."""
    return "(?i)(?:" + "|".join(word_pattern(word) for word in sorted(words)) + ")"


def well_shaped(word: str) -> bool:
    """A declared word: lower-case letters, at most two words of MIN_CHARS+ characters, an
    optional leading * (the checks of factors and of naming words)."""
    return bool(_WORD_SHAPE.match(word)) and len(word.lstrip("*")) >= MIN_CHARS


def topic_pattern(item: Intent) -> str:
    """One case-insensitive expression for every word of every factor the topic declares."""
    return words_pattern({word for words in item.factors.values() for word in words})


def factor_patterns(content: Content) -> dict[str, str]:
    """Regex name (`factor_<topic>`) -> expression, for the topics that declare factors."""
    return {REGEX_PREFIX + item.intent: topic_pattern(item) for item in content.topics if item.factors}


def topics_named(text: str, content: Content) -> set[str]:
    """The topics whose declared factors the text names."""
    return _named(text, factor_patterns(content))


def _named(text: str, patterns: dict[str, str]) -> set[str]:
    return {name[len(REGEX_PREFIX) :] for name, pattern in patterns.items() if re.search(pattern, text)}


def check_factors(content: Content) -> list[str]:
    """What a maintainer forgot when declaring factors or placing an example."""
    problems = []
    for item in content.intents:
        where = item.path.name if item.path else item.intent
        if item.factors and not item.is_topic:
            problems.append(f"{where}: only topics declare factors")
        text = normalise(f"{item.answer} {item.more}")
        for factor, words in item.factors.items():
            if normalise(factor) not in text:
                problems.append(
                    f"{where}: factor '{factor}' is not named in the answer or 'more': "
                    "declare a factor only where the text explains it"
                )
            if not words:
                problems.append(f"{where}: factor '{factor}' has no words")
            for word in words:
                if not well_shaped(word):
                    problems.append(
                        f"{where}: factor word '{word}' must be lower-case letters, "
                        f"at most two words of {MIN_CHARS}+ characters, an optional leading *"
                    )
    with_factors = {item.intent for item in content.topics if item.factors}
    for item in content.intents:
        for name in item.may_name_factors_of:
            if name not in with_factors:
                problems.append(f"{item.intent}: may_name_factors_of '{name}' is not a topic with factors")
    problems += _misplaced_examples(content)
    return problems


def _misplaced_examples(content: Content) -> list[str]:
    """A short example that names factors, none of them its own topic's, teaches the classifier
    that another topic's factor means this topic: move it, declare the factor here (only if
    this topic's text explains it), or, for an overview of other topics' factors, list them
    under `may_name_factors_of`."""
    problems = []
    patterns = factor_patterns(content)
    for item in content.topics:
        allowed = {item.intent, *item.may_name_factors_of}
        for example in item.examples:
            if len(example.split()) > SHORT_EXAMPLE_WORDS:
                continue
            named = _named(example, patterns)
            if named and not named & allowed:
                others = ", ".join(sorted(named))
                problems.append(
                    f"{item.path.name if item.path else item.intent}: example '{example}' names "
                    f"a factor of {others}, none of this topic's"
                )
    return problems
