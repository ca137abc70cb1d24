"""The Dutch pipeline: built from installed packages, resolved without pretending."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from bot.language import pipeline


@pytest.fixture(scope="module")
def local_dir(tmp_path_factory) -> Path:
    return pipeline.build_local_pipeline(tmp_path_factory.mktemp("spacy") / "nl_local")


def test_local_pipeline_tokenises_and_lemmatises_dutch(local_dir: Path) -> None:
    nlp = spacy.load(local_dir)
    doc = nlp("Mijn dochter huilde veel, ook bij mishandelingen op tv.")
    lemmas = {token.text: token.lemma_ for token in doc}
    assert lemmas["huilde"] == "huilen"
    assert lemmas["mishandelingen"] == "mishandeling"
    assert doc[-1].text == "."  # punctuation split off by the Dutch tokenizer


def test_local_pipeline_has_its_own_name(local_dir: Path) -> None:
    nlp = spacy.load(local_dir)
    assert nlp.meta["name"] == pipeline.LOCAL_PIPELINE_NAME
    assert pipeline.OFFICIAL_MODEL not in nlp.meta["name"]
    assert nlp.meta["lang"] == "nl"


def test_local_is_used_when_the_official_model_is_missing(local_dir, monkeypatch) -> None:
    find_local = pipeline.local_pipeline
    monkeypatch.setattr(pipeline, "official_pipeline", lambda: None)
    monkeypatch.setattr(pipeline, "local_pipeline", lambda: find_local(local_dir))
    monkeypatch.delenv(pipeline.CHOICE_ENV, raising=False)
    resolved = pipeline.resolve_pipeline()
    assert resolved.kind == "local" and resolved.location == str(local_dir)
    assert resolved.name == "nl_" + pipeline.LOCAL_PIPELINE_NAME


def test_an_unbuilt_local_pipeline_is_not_found(tmp_path) -> None:
    assert pipeline.local_pipeline(tmp_path / "missing") is None


def test_official_wins_when_installed(monkeypatch) -> None:
    official = pipeline.ResolvedPipeline(
        "official", pipeline.OFFICIAL_MODEL, "3.4.0", pipeline.OFFICIAL_MODEL
    )
    monkeypatch.setattr(pipeline, "official_pipeline", lambda: official)
    monkeypatch.delenv(pipeline.CHOICE_ENV, raising=False)
    assert pipeline.resolve_pipeline() == official
    monkeypatch.setenv(pipeline.CHOICE_ENV, "local")
    assert pipeline.resolve_pipeline().kind == "local"


def test_nothing_available_says_what_to_run(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(pipeline, "official_pipeline", lambda: None)
    monkeypatch.setattr(pipeline, "local_pipeline", lambda: None)
    monkeypatch.delenv(pipeline.CHOICE_ENV, raising=False)
    with pytest.raises(pipeline.PipelineNotAvailableError, match="make setup"):
        pipeline.resolve_pipeline()


def test_a_wrong_choice_is_refused(monkeypatch) -> None:
    monkeypatch.setenv(pipeline.CHOICE_ENV, "nl_core_news_lg")
    with pytest.raises(pipeline.PipelineNotAvailableError):
        pipeline.resolve_pipeline()


def test_fingerprint_differs_between_pipelines() -> None:
    local = pipeline.ResolvedPipeline("local", "nl_a", "1.0.0", "/x")
    official = pipeline.ResolvedPipeline("official", "nl_core_news_sm", "3.4.0", "nl_core_news_sm")
    assert local.fingerprint != official.fingerprint
    assert official.describe().startswith("spaCy's official nl_core_news_sm")
