"""Chooses the safety net's risk model settings by cross-validation on training data only.

`make risk-cv`. Folds over the risk corpus (data/safety/*.txt) and the topic training
examples (ordinary messages); the test sets under tests/ are never read. Each held-out
message is read the way the bot reads it (reading units, the strongest unit wins).
Prints, per C and threshold: recall on disclosures, the right category, and how often
hard negatives (none.txt) and ordinary topic questions reach the threshold.

Thresholds (config.yml, SafetyNet), recall first:
- check-in: the highest threshold at which CV recall is still >= CHECKIN_RECALL, so
  nearly every disclosure gets at least a help line under the answer;
- crisis: the lowest threshold at which at most CRISIS_HARD_FALSE_ALARMS of the hard
  negatives get a crisis reply (the target for unseen text is 5 %; half a point of
  tolerance, because a difference of 0.1 point between folds is noise while one step
  up the grid costs about two points of recall).
- child crisis (precedence row 3): the same rule on the messages whose writer states an
  age under 18 only, so a child's everyday worry is held to the same false-alarm rate as
  an adult's; never above the crisis threshold (a child is not held to a higher bar than
  an adult: recall first).
- long crisis (rows 2 and 3 for a message of 4+ sentences): the same rule on the long
  messages only (the riskiest of many reading units is a maximum over many chances);
  never below the crisis threshold.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.model import load_content
from bot.language.sentences import reading_units, sentences
from bot.safety.corpus import behaviour_descriptions, load_corpus
from bot.safety.decision import LONG_MESSAGE_SENTENCES
from bot.safety.detector import SafetyDetector, normalised
from bot.safety.risk_model import NONE, RiskModel
from bot.safety.settings import configured

CHECKIN_RECALL = 0.99
CRISIS_HARD_FALSE_ALARMS = 0.055
FOLDS = 5


C_VALUES = tuple(float(c) for c in sys.argv[1:]) or (float(configured()["C"]),)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.1, 0.95, 0.05))


def data() -> tuple[list[str], list[str], list[str]]:
    """Texts, labels and where each came from ("corpus" or "topics")."""
    texts, labels = load_corpus()
    sources = ["corpus"] * len(texts)
    content = load_content()
    described = behaviour_descriptions(content)
    texts += described
    labels += [NONE] * len(described)
    sources += ["topics"] * len(described)
    for item in content.intents:
        if item.intent == "safety_disclosure":
            continue
        texts += item.examples
        labels += [NONE] * len(item.examples)
        sources += ["topics"] * len(item.examples)
    return texts, labels, sources


def cross_validate(c: float) -> tuple[np.ndarray, list[str]]:
    texts, labels, sources = data()
    risk = np.zeros(len(texts))
    category = [""] * len(texts)
    strata = [f"{label}:{source}" for label, source in zip(labels, sources, strict=True)]
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=7).split(texts, strata):
        model = RiskModel.train([texts[i] for i in train], [labels[i] for i in train], c=c)
        for i in test:
            score = model.score(reading_units(texts[i]))
            risk[i], category[i] = score.risk, score.category
    return risk, category


def report(c: float) -> dict[str, float]:
    texts, labels, sources = data()
    risk, category = cross_validate(c)
    labels_a, sources_a = np.array(labels), np.array(sources)
    positive = labels_a != NONE
    hard = (labels_a == NONE) & (sources_a == "corpus")
    ordinary = (labels_a == NONE) & (sources_a == "topics")
    right = np.array([found == label for found, label in zip(category, labels, strict=True)])
    child = np.array([SafetyDetector.child_writer(normalised(reading_units(t))) for t in texts])
    long = np.array([len(sentences(t)) >= LONG_MESSAGE_SENTENCES for t in texts])
    print(
        f"\nC={c}: {positive.sum()} disclosures, {hard.sum()} hard negatives, "
        f"{ordinary.sum()} topic examples ({FOLDS}-fold CV)"
    )
    print(" threshold  recall  right-category  reached(hard)  reached(topics)")
    chosen: dict[str, float] = {}
    for t in THRESHOLDS:
        fired = risk >= t
        recall = fired[positive].mean()
        print(
            f"   {t:.2f}     {recall:.3f}   {right[positive & fired].mean():.3f}"
            f"           {fired[hard].mean():.3f}          {fired[ordinary].mean():.3f}"
        )
        if recall >= CHECKIN_RECALL:
            chosen["checkin"] = t
        if "crisis" not in chosen and fired[hard].mean() <= CRISIS_HARD_FALSE_ALARMS:
            chosen["crisis"] = t
    print(
        f"\n child writers (stated age < 18): {(positive & child).sum()} disclosures, "
        f"{(hard & child).sum()} hard negatives"
    )
    print(" threshold  recall  reached(hard)")
    for t in THRESHOLDS:
        fired = risk >= t
        print(f"   {t:.2f}     {fired[positive & child].mean():.3f}   {fired[hard & child].mean():.3f}")
        if "child_crisis" not in chosen and fired[hard & child].mean() <= CRISIS_HARD_FALSE_ALARMS:
            chosen["child_crisis"] = t
    print(
        f"\n long messages ({LONG_MESSAGE_SENTENCES}+ sentences): {(positive & long).sum()} disclosures, "
        f"{(hard & long).sum()} hard negatives"
    )
    print(" threshold  recall  reached(hard)")
    for t in THRESHOLDS:
        fired = risk >= t
        print(f"   {t:.2f}     {fired[positive & long].mean():.3f}   {fired[hard & long].mean():.3f}")
        if "long_crisis" not in chosen and fired[hard & long].mean() <= CRISIS_HARD_FALSE_ALARMS:
            chosen["long_crisis"] = t
    if "crisis" in chosen:
        chosen["child_crisis"] = min(chosen.get("child_crisis", chosen["crisis"]), chosen["crisis"])
        chosen["long_crisis"] = max(chosen.get("long_crisis", chosen["crisis"]), chosen["crisis"])
    print(f" category accuracy on all disclosures: {right[positive].mean():.3f}")
    print(f" chosen: {chosen}")
    return chosen


def main() -> int:
    for c in C_VALUES:
        report(c)
    return 0


if __name__ == "__main__":
    sys.exit(main())
