"""Chooses the signal recogniser's threshold by cross-validation on its training data only.

`make signal-cv`. Folds over the signals' examples (worry.yml) and the everyday
questions ("no signal"); the test sets under tests/ are never read. Prints, per
threshold, how many described behaviours get a signal named, how many of those are their
own, and how many everyday questions are given one. The threshold in
bot/guided/signal_recognition.py is the lowest at which at least MIN_RIGHT of the named
signals are right and at most MAX_EVERYDAY of the everyday questions get one: a wrong
signal's explanation misleads more than the general reply.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.model import load_content
from bot.guided.signal_recognition import MIN_PROBABILITY, NO_SIGNAL, build_pipeline, training_data

FOLDS = 5
MIN_RIGHT = 0.85
MAX_EVERYDAY = 0.02
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.15, 0.8, 0.05))


def main() -> int:
    texts, labels = training_data(load_content())
    guess = [""] * len(texts)
    probability = np.zeros(len(texts))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=7).split(texts, labels):
        pipeline = build_pipeline().fit([texts[i] for i in train], [labels[i] for i in train])
        table = pipeline.predict_proba([texts[i] for i in test])
        for row, i in zip(table, test, strict=True):
            best = int(np.argmax(row))
            guess[i], probability[i] = str(pipeline.classes_[best]), float(row[best])
    label_a, guess_a = np.array(labels), np.array(guess)
    signal = label_a != NO_SIGNAL
    right = guess_a == label_a
    print(f"{signal.sum()} signal examples, {(~signal).sum()} everyday questions ({FOLDS}-fold CV)")
    print(f"top guess right on the signal examples: {right[signal].mean():.3f}")
    print(" threshold  named  right among named  everyday named")
    chosen = None
    for t in THRESHOLDS:
        named = (guess_a != NO_SIGNAL) & (probability >= t)
        precision = right[signal & named].mean() if (signal & named).any() else float("nan")
        everyday = named[~signal].mean()
        print(f"   {t:.2f}     {named[signal].mean():.3f}   {precision:.3f}             {everyday:.3f}")
        if chosen is None and precision >= MIN_RIGHT and everyday <= MAX_EVERYDAY:
            chosen = t
    print(f"chosen threshold: {chosen} (in use: {MIN_PROBABILITY})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
