"""Which Dutch spaCy pipeline the bot uses, and how the local one is built.

The intended pipeline is spaCy's official `nl_core_news_sm`. It is not on PyPI, so
machines without access to spaCy's model releases (CI here, air-gapped servers) get a
pipeline of our own, built from installed packages only: spaCy's Dutch tokenizer and
the Dutch lemma lookup table of `spacy-lookups-data`. It has its own name and never
poses as the official model. Nothing here downloads anything.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

OFFICIAL_MODEL = "nl_core_news_sm"
LOCAL_PIPELINE_NAME = "hechtbot_nl_lookup"  # spaCy shows it as nl_hechtbot_nl_lookup
LOCAL_PIPELINE_VERSION = "1.0.0"
PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCAL_PIPELINE_DIR = PROJECT_DIR / "build" / "spacy" / LOCAL_PIPELINE_NAME
# "official" or "local" forces a choice; unset means: official when installed.
CHOICE_ENV = "HECHTBOT_SPACY_PIPELINE"


class PipelineNotAvailableError(RuntimeError):
    """No usable Dutch pipeline: run `make setup` (or `python -m bot language setup`)."""


@dataclass(frozen=True)
class ResolvedPipeline:
    kind: str  # "official" or "local"
    name: str
    version: str
    location: str  # what spacy.load() gets: a package name or a directory

    def describe(self) -> str:
        if self.kind == "official":
            return f"spaCy's official {self.name} {self.version}"
        return (
            f"local Dutch pipeline {self.name} {self.version} "
            f"(spaCy tokenizer + lookup lemmas, no vectors) at {self.location}"
        )

    @property
    def fingerprint(self) -> str:
        """Changes when a different pipeline is used, so Rasa retrains what depends on it."""
        return f"{self.kind}:{self.name}:{self.version}"


def official_pipeline() -> ResolvedPipeline | None:
    """The official model, if installed and compatible with the installed spaCy."""
    import spacy
    from spacy.util import get_package_version, is_compatible_version, is_package

    if not is_package(OFFICIAL_MODEL):
        return None
    version = get_package_version(OFFICIAL_MODEL) or "?"
    meta = spacy.info(OFFICIAL_MODEL)  # a dict; only markdown=True gives a str
    wanted = meta.get("spacy_version", "") if isinstance(meta, dict) else ""
    if wanted and not is_compatible_version(spacy.about.__version__, wanted):
        logger.warning(
            "%s %s needs spaCy %s, installed is %s: not using it",
            OFFICIAL_MODEL,
            version,
            wanted,
            spacy.about.__version__,
        )
        return None
    return ResolvedPipeline("official", OFFICIAL_MODEL, version, OFFICIAL_MODEL)


def local_pipeline(directory: Path = LOCAL_PIPELINE_DIR) -> ResolvedPipeline | None:
    if not (directory / "meta.json").exists():
        return None
    return ResolvedPipeline("local", f"nl_{LOCAL_PIPELINE_NAME}", LOCAL_PIPELINE_VERSION, str(directory))


def resolve_pipeline() -> ResolvedPipeline:
    """Official when installed (unless told otherwise), else the local pipeline."""
    choice = os.environ.get(CHOICE_ENV, "").strip().lower()
    if choice not in ("", "official", "local"):
        raise PipelineNotAvailableError(f"{CHOICE_ENV} must be 'official' or 'local', not {choice!r}")
    candidates = {"official": official_pipeline, "local": local_pipeline}
    order = [choice] if choice else ["official", "local"]
    for kind in order:
        found = candidates[kind]()
        if found:
            return found
    raise PipelineNotAvailableError(
        f"No Dutch spaCy pipeline found (tried: {', '.join(order)}). "
        "Run `make setup`, which installs nl_core_news_sm where reachable and otherwise "
        "builds the local pipeline."
    )


def build_local_pipeline(directory: Path = LOCAL_PIPELINE_DIR) -> Path:
    """Builds the local Dutch pipeline from installed packages only."""
    import spacy

    nlp = spacy.blank("nl")
    # "lookup" mode needs no part-of-speech tagger: the table comes from spacy-lookups-data.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta.update(
        {
            "name": LOCAL_PIPELINE_NAME,
            "version": LOCAL_PIPELINE_VERSION,
            "description": (
                "Hechtbot's local Dutch pipeline: spaCy's Dutch tokenizer and lookup "
                "lemmatizer (spacy-lookups-data). Not nl_core_news_sm."
            ),
            "author": "Hechtbot",
            "license": "MIT (code); lemma tables: see spacy-lookups-data",
        }
    )
    directory.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory
