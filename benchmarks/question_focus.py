"""How much weighing the question sentences helps on long messages (development figure).

`make benchmark-question-focus`. Builds synthetic long messages: each development test
question of a topic (the content files' `test_examples`) behind 2 or 4 story sentences drawn
from the risk corpus's ordinary messages (sentences that ask nothing). Trains the question
focus model (bot/language/focus_component.py) on the topic examples, and prints the accuracy
of the whole message alone, of the mix at several weights, and of the questions alone.
Synthetic stories are kinder than real ones (their story sentences never ask anything): a
development figure for choosing the weight, not a claim.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.model import load_content
from bot.language.focus_component import features
from bot.language.question_focus import asks, question_sentences
from bot.language.sentences import sentences
from bot.language.tfidf_classifier import TemperatureScaledSvm
from bot.safety.corpus import CORPUS_DIR, read_lines

WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)


def main() -> int:
    rng = random.Random(3)
    content = load_content()
    texts = [e for item in content.intents for e in item.examples]
    labels = [item.intent for item in content.intents for _ in item.examples]
    vectoriser = features()
    model = TemperatureScaledSvm(1.0, 5000, 5, 7).fit(vectoriser.fit_transform(texts), np.array(labels))
    story = [
        s
        for line in read_lines(CORPUS_DIR / "none.txt")
        for s in sentences(line)
        if not asks(s) and len(s.split()) > 4
    ]
    tests = [(q, item.intent) for item in content.intents if item.is_topic for q in item.test_examples]

    def probabilities(text: str) -> dict[str, float]:
        return dict(zip(model.classes_, model.predict_proba(vectoriser.transform([text]))[0], strict=True))

    print(f"{len(tests)} development questions, {len(story)} story sentences")
    for count in (2, 4):
        rows = []
        for question, intent in tests:
            ending = question if question.rstrip().endswith(("?", ".", "!")) else question + "?"
            message = " ".join(rng.sample(story, count)) + " " + ending
            whole = probabilities(message)
            asking = question_sentences(message)
            rows.append((intent, whole, probabilities(" ".join(asking)) if asking else whole))
        for weight in WEIGHTS:
            right = [
                max(whole, key=lambda k: (1 - weight) * whole[k] + weight * focus[k]) == intent
                for intent, whole, focus in rows
            ]
            print(f"  {count} story sentences, question weight {weight:.1f}: {np.mean(right):.3f}")
    alone = [max((p := probabilities(q)), key=lambda k: p[k]) == intent for q, intent in tests]
    print(f"  the questions alone: {np.mean(alone):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
