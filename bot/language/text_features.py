"""TF-IDF features over the text as typed, for the components that read text themselves.

Character n-grams inside word boundaries carry typos, slang and Dutch compounds; word
n-grams carry phrasing. Lower-cased with accents stripped, nothing from the loaded spaCy
pipeline, so the same on every Dutch pipeline. Each block is L2-normalised on its own.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


def tfidf_features(
    chars: tuple[int, int], words: tuple[int, int], min_df: int = 1, min_word_chars: int = 1
) -> FeatureUnion:
    shared = {"sublinear_tf": True, "lowercase": True, "strip_accents": "unicode", "dtype": np.float32}
    token = r"(?u)\b\w+\b" if min_word_chars <= 1 else r"(?u)\b\w\w+\b"
    return FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=chars, min_df=min_df, **shared)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=words, token_pattern=token, **shared)),
        ]
    )
