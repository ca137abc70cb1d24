"""Storing trained components: vocabularies as arrays of terms, the same model after loading."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.model_files import dump_model, load_trusted

TEXTS = [
    "mijn kind huilt veel",
    "hoe hecht een baby",
    "hij slaat en schopt",
    "ze wil niet getroost worden",
] * 3
LABELS = ["a", "b", "c", "d"] * 3
TRUSTED = {
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.linear_model._logistic.LogisticRegression",
    "scipy.sparse._csr.csr_matrix",
}


def fitted_pipeline() -> Pipeline:
    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2))),
        ]
    )
    return Pipeline([("features", features), ("classifier", LogisticRegression())]).fit(TEXTS, LABELS)


def test_a_stored_pipeline_predicts_the_same_after_loading(tmp_path: Path) -> None:
    pipeline = fitted_pipeline()
    dump_model({"model": pipeline, "temperature": 1.5}, tmp_path / "m.skops")
    loaded = load_trusted(tmp_path / "m.skops", TRUSTED)
    probe = ["mijn baby huilt", "hij schopt", "iets heel anders"]
    np.testing.assert_allclose(loaded["model"].predict_proba(probe), pipeline.predict_proba(probe))
    for name, vectoriser in loaded["model"].named_steps["features"].transformer_list:
        original = dict(pipeline.named_steps["features"].transformer_list)[name]
        assert vectoriser.vocabulary_ == original.vocabulary_


def test_the_vocabulary_is_stored_as_one_array_not_a_dict_per_term(tmp_path: Path) -> None:
    dump_model(fitted_pipeline(), tmp_path / "m.skops")
    with zipfile.ZipFile(tmp_path / "m.skops") as stored:
        schema = stored.read("schema.json").decode()
        arrays = [name for name in stored.namelist() if name.endswith(".npy")]
    assert '"stop_words_"' not in schema  # the pruned terms are not stored
    assert '"mijn"' not in schema  # a term would appear as a JSON key in a stored dict
    assert len(arrays) >= 2  # one array of terms per vectoriser (and the model's own arrays)


def test_storing_leaves_the_trained_component_as_it_was(tmp_path: Path) -> None:
    pipeline = fitted_pipeline()
    chars = pipeline.named_steps["features"].transformer_list[0][1]
    vocabulary, pruned = dict(chars.vocabulary_), set(chars.stop_words_)
    dump_model(pipeline, tmp_path / "m.skops")
    assert chars.vocabulary_ == vocabulary
    assert chars.stop_words_ == pruned


def test_a_file_with_an_unexpected_type_is_refused(tmp_path: Path) -> None:
    dump_model(fitted_pipeline(), tmp_path / "m.skops")
    with pytest.raises(ValueError, match="untrusted"):
        load_trusted(tmp_path / "m.skops", TRUSTED - {"scipy.sparse._csr.csr_matrix"})
