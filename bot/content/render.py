"""How content becomes the text and buttons a user sees (Dutch, channel-neutral)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.content.model import Content, Intent
from bot.content.passages import Passage


def _source_line(keys: list[str] | tuple[str, ...], content: Content) -> str:
    labels = [content.sources[key].label() for key in keys]
    label = content.messages["source_label" if len(labels) == 1 else "sources_label"]
    return f"{label}: " + "; ".join(labels)


def _source_links(keys: list[str] | tuple[str, ...], content: Content) -> list[str]:
    return [f"- {content.sources[key].label()} – {content.sources[key].url}" for key in keys]


def sources_line(item: Intent, content: Content) -> str:
    """One line naming the source(s) of an answer."""
    return _source_line(item.answer_sources, content)


def sources_payload(item: Intent, content: Content) -> dict[str, object]:
    """Structured sources for channels that show links (the web chat). `topic` lets the
    page ask "Had je hier iets aan?" about this answer (conversation/feedback.yml)."""
    return {
        "topic": item.intent,
        "sources": [
            {
                "id": key,
                "organisation": content.sources[key].organisation,
                "title": content.sources[key].title,
                "url": content.sources[key].url,
            }
            for key in item.answer_sources
        ],
    }


def answer_text(item: Intent, content: Content) -> str:
    text = item.answer.strip()
    if item.answer_sources:
        text += "\n\n" + sources_line(item, content)
    return text


def more_text(item: Intent, content: Content) -> str:
    parts = [item.more.strip()]
    if item.literature:
        parts.append(f"{content.messages['literature_label']}: " + "; ".join(item.literature))
    links = _source_links(item.detail_sources, content)
    if links:
        parts.append(f"{content.messages['sources_label']}:\n" + "\n".join(links))
    return "\n\n".join(parts)


def professional_text(item: Intent, content: Content) -> str:
    """The precise layer first, for a professional (slot `register`): the detail, its
    literature and its sources with links. Parents get `answer_text` with "Meer weten"."""
    return more_text(item, content)


def sources_text(item: Intent, content: Content) -> str:
    """ "Waar staat dat?": every source of the topic (answer and detail) with its link, and
    the literature the sources name."""
    keys = list(dict.fromkeys([*item.answer_sources, *item.detail_sources]))
    lines = [content.messages["sources_intro"].format(title=item.title)]
    lines += _source_links(keys, content)
    if item.literature:
        lines.append(f"{content.messages['literature_label']}: " + "; ".join(item.literature))
    return "\n".join(lines)


def passage_text(passage: Passage, content: Content) -> str:
    """A passage as an answer: its sentences, the literature it names, and its sources."""
    return passages_text([passage], content)


def passages_text(found: Sequence[Passage], content: Content) -> str:
    """One or two passages of a topic as one answer: their sentences in the topic's order,
    the literature they name, and their sources, each once."""
    ordered = sorted(found, key=lambda p: int(p.key.rsplit("#", 1)[1]))
    parts = [p.text for p in ordered]
    literature = list(dict.fromkeys(item for p in ordered for item in p.literature))
    if literature:
        parts.append(f"{content.messages['literature_label']}: " + "; ".join(literature))
    parts.append(_source_line(tuple(dict.fromkeys(s for p in ordered for s in p.sources)), content))
    return "\n\n".join(parts)


def topic_button(item: Intent) -> dict[str, str]:
    return {"title": item.title, "payload": f"/{item.intent}"}


def payload_button(title: str, item: Intent) -> dict[str, str]:
    """A button with its own title that triggers `item` (e.g. "Stoppen met de vragen")."""
    return {"title": title, "payload": f"/{item.intent}"}


def _about_topic_button(role: str, item: Intent, content: Content) -> dict[str, str]:
    """A button for the intent playing `role`, about `item` (its `topic` entity)."""
    entities = json.dumps({"topic": item.intent})
    target = content.intent_for(role)
    return {"title": target.title, "payload": f"/{target.intent}{entities}"}


def more_button(item: Intent, content: Content) -> dict[str, str]:
    return _about_topic_button("more_info", item, content)


def professional_button(content: Content) -> dict[str, str]:
    """A welcome button for professionals: sets the slot `register` (its entity) and says
    what the bot can do; from then on answers come with the precise layer first."""
    capabilities = content.intent_for("capabilities")
    entities = json.dumps({"register": "professional"})
    return {"title": content.messages["professional_button"], "payload": f"/{capabilities.intent}{entities}"}


def simpler_button(item: Intent, content: Content) -> dict[str, str]:
    return _about_topic_button("simpler", item, content)


def professional_buttons(item: Intent, content: Content) -> list[dict[str, str]]:
    """Related topics first, then the short answer ("Kort en eenvoudig")."""
    by_intent = content.by_intent()
    return [topic_button(by_intent[name]) for name in item.related] + [simpler_button(item, content)]


def for_response_template(button: dict[str, str]) -> dict[str, str]:
    """A button as written into a domain response. Rasa fills `{slot}` placeholders in
    responses, so the JSON braces of a payload are doubled there (they come out single);
    unescaped, every answer logs an interpolation error."""
    payload = button["payload"].replace("{", "{{").replace("}", "}}")
    return {**button, "payload": payload}


def answer_buttons(item: Intent, content: Content) -> list[dict[str, str]]:
    """Related topics first, then "Meer weten" for topics that have detail."""
    by_intent = content.by_intent()
    buttons = [topic_button(by_intent[name]) for name in item.related]
    if item.is_topic and item.more:
        buttons.append(more_button(item, content))
    return buttons


def something_else_button(content: Content) -> dict[str, str]:
    """Offered beside the candidate topics when the bot asks which topic was meant."""
    return payload_button(content.messages["something_else_button"], content.intent_for("capabilities"))
