"""Storing and loading a trained component's file with skops, trusting only known types.

skops refuses to build objects of types it does not trust; each component names the few
types beyond skops' defaults that its file may hold. Anything else means the file is not
what we trained: loading fails loudly rather than answering with a broken model.

A fitted TF-IDF vectoriser's vocabulary is a dict of some 100,000 terms. skops writes a
dict entry by entry as JSON, and loading that builds a large tree of Python objects
first: for the risk model a 156 MB file and ~490 MB of peak memory for a 16 MB object.
So the vocabulary is stored as one array of terms in index order (a plain .npy inside
skops' zip) and rebuilt as a dict on load. `stop_words_` (the terms that min_df pruned)
is only for introspection, scikit-learn says it may be dropped before storing.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline


def _vectorisers(obj: Any) -> Iterator[CountVectorizer]:
    """The fitted vectorisers (TfidfVectorizer is a CountVectorizer) in what a component stores."""
    if isinstance(obj, CountVectorizer):
        yield obj
    elif isinstance(obj, Pipeline):
        for _, step in obj.steps:
            yield from _vectorisers(step)
    elif isinstance(obj, FeatureUnion):
        for _, part in obj.transformer_list:
            yield from _vectorisers(part)
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _vectorisers(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from _vectorisers(value)


def dump_model(obj: Any, path: Path) -> None:
    """Store `obj` at `path`, with each vectoriser's vocabulary as an array of terms."""
    import skops.io as sio

    originals = []
    try:
        for vectoriser in _vectorisers(obj):
            vocabulary = getattr(vectoriser, "vocabulary_", None)
            if isinstance(vocabulary, dict):
                originals.append((vectoriser, vocabulary, getattr(vectoriser, "stop_words_", None)))
                terms = sorted(vocabulary, key=vocabulary.__getitem__)
                vectoriser.vocabulary_ = np.array(terms, dtype=str)
                if hasattr(vectoriser, "stop_words_"):
                    del vectoriser.stop_words_
        sio.dump(obj, path)
    finally:
        # The trained component goes on being used after it is stored.
        for vectoriser, vocabulary, stop_words in originals:
            vectoriser.vocabulary_ = vocabulary
            if stop_words is not None:
                vectoriser.stop_words_ = stop_words


def load_trusted(path: Path, allowed: Set[str]) -> Any:
    """The object stored at `path` by `dump_model`; ValueError when it holds a type not in
    `allowed`."""
    import skops.io as sio

    found = set(sio.get_untrusted_types(file=path))
    if found - allowed:
        raise ValueError(f"untrusted types in {path}: {found - allowed}")
    obj = sio.load(path, trusted=sorted(found))
    for vectoriser in _vectorisers(obj):
        terms = getattr(vectoriser, "vocabulary_", None)
        if isinstance(terms, np.ndarray):
            vectoriser.vocabulary_ = {str(term): index for index, term in enumerate(terms)}
    return obj
