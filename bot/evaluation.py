"""NLU quality on the held-out test set: used by the quality gates and the benchmark.

Definitions (docs/testing.md):
- accuracy and macro F1 are over the in-scope test examples (every intent except
  out_of_scope), on the classifier's best intent, i.e. ignoring the fallback;
- direct-answer rate: share of in-scope examples whose final intent (after the
  FallbackClassifier) is right, so the user gets the answer without a question back;
- out-of-scope rate: share of out-of-scope examples that end at the out-of-scope
  answer or the fallback (`nlu_fallback`), never at a topic answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.content.model import Content

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


@dataclass(frozen=True)
class Prediction:
    final: str  # what the bot acts on (may be nlu_fallback)
    classified: str  # the classifier's best real intent


def test_examples(content: Content) -> list[Example]:
    return [Example(text, item.intent) for item in content.intents for text in item.test_examples]


def training_examples(content: Content) -> list[Example]:
    return [Example(text, item.intent) for item in content.intents for text in item.examples]


def prediction_from_parse(parse: dict) -> Prediction:
    """Reads a Rasa parse result (the FallbackClassifier puts nlu_fallback on top)."""
    final = (parse.get("intent") or {}).get("name") or FALLBACK
    ranking = parse.get("intent_ranking") or []
    classified = next((r["name"] for r in ranking if r["name"] != FALLBACK), final)
    return Prediction(final=final, classified=classified)


@dataclass
class Report:
    accuracy: float
    macro_f1: float
    direct_answer_rate: float
    out_of_scope_rate: float
    in_scope_count: int
    out_of_scope_count: int
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # text, gold, predicted

    def summary(self) -> str:
        return (
            f"accuracy {self.accuracy:.3f}, macro F1 {self.macro_f1:.3f} "
            f"({self.in_scope_count} in-scope examples); direct answers "
            f"{self.direct_answer_rate:.3f}; out of scope routed right "
            f"{self.out_of_scope_rate:.3f} ({self.out_of_scope_count} examples)"
        )

    def confusions(self, most: int = 15) -> list[tuple[tuple[str, str], int]]:
        return Counter((gold, predicted) for _, gold, predicted in self.errors).most_common(most)


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))


def evaluate(examples: Iterable[Example], predict: Callable[[str], Prediction]) -> Report:
    gold_in, classified_in, final_in, errors = [], [], [], []
    out_of_scope_hits = out_of_scope_total = 0
    for example in examples:
        prediction = predict(example.text)
        if example.intent == OUT_OF_SCOPE:
            out_of_scope_total += 1
            out_of_scope_hits += prediction.final in (OUT_OF_SCOPE, FALLBACK)
            if prediction.final not in (OUT_OF_SCOPE, FALLBACK):
                errors.append((example.text, example.intent, prediction.final))
            continue
        gold_in.append(example.intent)
        classified_in.append(prediction.classified)
        final_in.append(prediction.final)
        if prediction.classified != example.intent:
            errors.append((example.text, example.intent, prediction.classified))
    count = len(gold_in)
    return Report(
        accuracy=sum(g == p for g, p in zip(gold_in, classified_in, strict=True)) / count,
        macro_f1=macro_f1(gold_in, classified_in),
        direct_answer_rate=sum(g == p for g, p in zip(gold_in, final_in, strict=True)) / count,
        out_of_scope_rate=out_of_scope_hits / max(out_of_scope_total, 1),
        in_scope_count=count,
        out_of_scope_count=out_of_scope_total,
        errors=errors,
    )
