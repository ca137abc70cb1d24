"""`make risk-vocabulary`: the words the risk model knows only from disclosures.

Prints each word that occurs in at least six disclosure lines of data/safety/ and in no
ordinary message the model learns from (none.txt, topic examples, behaviour descriptions),
with its count. Read it after a corpus round: an everyday word in this list ("opgezocht",
"deken") is a false alarm waiting to happen and needs ordinary lines in none.txt.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.model import load_content
from bot.safety import corpus
from bot.safety.vocabulary import disclosure_only_words


def main() -> int:
    content = load_content()
    texts, labels = corpus.load_corpus()
    # As SafetyNet.train reads them: every intent's examples but the safety_disclosure
    # intent's (those are disclosures without a category), and the behaviour descriptions.
    safety = content.intent_for("safety").intent
    ordinary = [e for item in content.intents if item.intent != safety for e in item.examples]
    ordinary += corpus.behaviour_descriptions(content)
    found = disclosure_only_words(texts, labels, ordinary)
    print(f"{len(found)} words in 6+ disclosure lines and in no ordinary message:")
    print(" ".join(f"{word}:{count}" for word, count in found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
