"""The curated content cut into passages: a few sentences of a topic's answer or detail.

Retrieval answers from these (bot/language/passage_component.py builds the index at
training time; actions/unclear_message.py answers with them) when no topic is a confident
fit. Every passage is our own text from a topic file, with the sources its sentences are
backed by (their `evidence:`), so a passage answer names its source like every answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.content.evidence import sources_for
from bot.content.model import Content, once_per_content

# Shorter paragraphs ("Meer weten?") say too little to answer a question on their own.
MIN_WORDS = 8
# A passage is a few sentences: enough to answer one precise question, short enough to read.
LINES_PER_PASSAGE = 3
# Marks a passage the retriever chose for the topic the classifier recognised (its value is
# that topic): the unclear-message action answers with it without asking which topic.
FOR_TOPIC = "for_topic"
# Marks passages found for a question about the evidence itself ("welke studie onderbouwt
# dat X?"): only passages that name literature were searched.
FOR_LITERATURE = "for_literature"


@dataclass(frozen=True)
class Passage:
    key: str  # "<topic>#<n>": stable while the topic's text is unchanged
    topic: str
    title: str
    text: str
    sources: tuple[str, ...]
    literature: tuple[str, ...]  # the topic's literature, for a detail passage
    detail: bool = False  # from the precise layer (`more`), not the short answer


def _chunks(layer: str) -> list[str]:
    """A layer's sentences (one per line in the content files), LINES_PER_PASSAGE at a time,
    never across a blank line."""
    chunks: list[str] = []
    for paragraph in layer.split("\n\n"):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        chunks += [
            "\n".join(lines[i : i + LINES_PER_PASSAGE]) for i in range(0, len(lines), LINES_PER_PASSAGE)
        ]
    return chunks


@once_per_content
def passages(content: Content) -> tuple[Passage, ...]:
    """The passages of `content`, built once (the action server asks on every unclear message)."""
    return tuple(_cut(content))


@once_per_content
def passages_by_key(content: Content) -> dict[str, Passage]:
    """The passages of `content` by key (the parse result names passages by key)."""
    return {p.key: p for p in passages(content)}


def _cut(content: Content) -> list[Passage]:
    found: list[Passage] = []
    for topic in content.topics:
        chunks = [(c, False) for c in _chunks(topic.answer)] + [(c, True) for c in _chunks(topic.more)]
        for number, (text, is_detail) in enumerate(chunks):
            sources = tuple(sources_for(topic.evidence, text))
            if len(text.split()) < MIN_WORDS or not sources:  # every answer names its source
                continue
            found.append(
                Passage(
                    key=f"{topic.intent}#{number}",
                    topic=topic.intent,
                    title=topic.title,
                    text=text,
                    sources=sources,
                    literature=tuple(topic.literature) if is_detail else (),
                    detail=is_detail,
                )
            )
    return found


def searchable(passage: Passage) -> str:
    """What the index reads: the topic's title, the passage, and the literature it names
    (so "wie schreven de richtlijn" finds the passage whose literature names the authors)."""
    return " ".join([passage.title, passage.text, *passage.literature])


def fingerprint(content: Content) -> str:
    digest = hashlib.sha256()
    for passage in passages(content):
        digest.update(passage.key.encode())
        digest.update(searchable(passage).encode())
    return digest.hexdigest()[:16]
